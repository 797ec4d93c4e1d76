/**
 * What the demo's generated respondents say (demo-responses.ts): for each consultation topic, a
 * bank of themes, each a stance and several ways of putting it, with openers and closers that vary
 * the voice, and the form letter a campaign group circulated. Place-neutral, so any council fits.
 */
export type Stance = 'supports' | 'opposes' | 'mixed';

export interface ThemeBank {
  key: string;
  stance: Stance;
  points: string[];
}

export const OPENERS = [
  '',
  '',
  '',
  'I have lived here for over twenty years. ',
  'As a parent of two young children, ',
  'Speaking as a carer, ',
  'I use a wheelchair, so ',
  'I work nights, and ',
  'As a small business owner, ',
  'My mum is 84 and ',
  'I am a council tenant and ',
  'Honestly, ',
  'To be fair to the council, ',
  'I moved here three years ago and ',
];

export const CLOSERS = [
  '',
  '',
  '',
  '',
  ' Please listen this time.',
  ' Thank you for asking.',
  ' I hope this is taken into account.',
  ' Other people on my road feel the same.',
  ' Happy to talk more if it helps.',
];

export const BANKS: Record<string, ThemeBank[]> = {
  'parks-and-open-spaces': [
    {
      key: 'toilets',
      stance: 'supports',
      points: [
        'There are no public toilets in the big parks, which means we cannot stay long with the children.',
        'Toilets are the number one thing. Older people and families simply cannot use the park for more than an hour.',
        'Please open the toilets by the café again, they have been locked for years.',
        'Public toilets would make a huge difference for anyone with a medical condition.',
        'We need clean toilets that are open all day, not just in the summer.',
      ],
    },
    {
      key: 'safety_lighting',
      stance: 'mixed',
      points: [
        'The paths are very dark in winter and I do not feel safe walking home through the park after 4pm.',
        'Better lighting on the main paths would help, as would a park warden in the evenings.',
        'Groups gather near the gates at night and it feels unsafe; more lighting and patrols please.',
        'I avoid the park after dark because there is no lighting at all along the river path.',
        'Some CCTV and lights near the play area would make parents feel much safer.',
      ],
    },
    {
      key: 'seating',
      stance: 'supports',
      points: [
        'More benches please, there is nowhere to rest between the gate and the lake.',
        'More seating would help older people like me who need to sit down every few minutes.',
        'The benches that are there are broken or covered in graffiti. New seating is badly needed.',
        'Seats with backs and arm rests, spaced along the paths, so disabled people can get around.',
      ],
    },
    {
      key: 'wildlife',
      stance: 'supports',
      points: [
        'I love the idea of wildflower meadows, it would bring back bees and butterflies.',
        'Leave some areas wild for nature. The meadows are a great idea and cheap to look after.',
        'Please plant more trees and protect the wildlife around the ponds.',
        'Wildflower meadows are lovely but they must be looked after or they just look untidy.',
      ],
    },
    {
      key: 'maintenance',
      stance: 'opposes',
      points: [
        'Fix what we already have before spending on new things. The bins overflow every weekend.',
        'Litter and dog mess are the real problem. Empty the bins more often.',
        'The grass is hardly ever cut and the paths are cracked. Maintenance should come first.',
        'Spending money on meadows while the play equipment is broken is the wrong priority.',
        'The lake smells in summer and the fencing has been down for months.',
      ],
    },
    {
      key: 'young_people',
      stance: 'supports',
      points: [
        'There is nothing for teenagers to do. An outdoor gym or a skate area would keep them busy.',
        'Young people need somewhere of their own in the park, like a ball court or a shelter.',
        'My son is 15 and there is nowhere for him to play football that is not waterlogged.',
      ],
    },
  ],
  'planning-and-regeneration': [
    {
      key: 'empty_shops',
      stance: 'mixed',
      points: [
        'Wider pavements are nice but what we really need is something to fill the empty shops.',
        'Too many betting shops and takeaways. Help independent shops move into the empty units.',
        'The empty shops make the high street feel run down. Offer lower rents to new businesses.',
        'Pavements will not bring people back if half the shops are boarded up.',
      ],
    },
    {
      key: 'crossings',
      stance: 'supports',
      points: [
        'The new crossings are badly needed. I have seen near misses outside the station many times.',
        'A crossing by the bus stops would make it much safer for children walking to school.',
        'It takes ages to cross the road with a pushchair. Two new crossings is a good start.',
        'Please make the crossings work for blind people, with tactile paving and sound.',
      ],
    },
    {
      key: 'trees_greenery',
      stance: 'supports',
      points: [
        'Forty trees will make the street greener and cooler in summer.',
        'Trees and planters would make it feel like a place to spend time rather than pass through.',
        'More greenery please, but choose trees that do not drop sticky leaves on the pavement.',
      ],
    },
    {
      key: 'parking_loading',
      stance: 'opposes',
      points: [
        'If you widen the pavements where will deliveries stop? Shops need loading bays.',
        'Customers drive here. Taking away parking will kill the remaining businesses.',
        'My shop depends on people stopping for five minutes. Without parking they will go elsewhere.',
        'Wider pavements mean less room for cars and the traffic will be even worse.',
      ],
    },
    {
      key: 'antisocial',
      stance: 'mixed',
      points: [
        'Street drinking near the station puts people off. Sort that out alongside the building work.',
        'The high street feels unsafe in the evening. Better lighting and more police would help.',
        'There is litter and spitting everywhere. Enforcement matters as much as new paving.',
      ],
    },
    {
      key: 'disruption',
      stance: 'opposes',
      points: [
        'The works will take months and the shops will lose trade. Please phase them.',
        'Last time the road was dug up for a year. Tell us how long the disruption will last.',
        'Do the works at night or in stages so the market can keep running.',
      ],
    },
  ],
  'council-budget': [
    {
      key: 'carers',
      stance: 'opposes',
      points: [
        'Unpaid carers on low incomes would lose out under these bands. Please protect carers.',
        'I care for my disabled son full time and the new bands would take away support we rely on.',
        'Carers save the council a fortune. Do not cut their Council Tax Support.',
        'There should be a separate band for carers, because carer’s allowance pushes us just over the limit.',
        'Protect carers. Many of us gave up work to look after family.',
      ],
    },
    {
      key: 'simpler',
      stance: 'supports',
      points: [
        'Income bands are much easier to understand than the current calculation.',
        'The current form is long and confusing. A simpler scheme is welcome.',
        'I support the bands because I will know in advance what I will pay.',
        'Simpler is better, as long as there is help for people who cannot fill in forms online.',
        'Make the application form shorter and let people apply at the library.',
      ],
    },
    {
      key: 'cliff_edge',
      stance: 'opposes',
      points: [
        'Earning a pound more could push you into a lower band. That is a cliff edge and unfair.',
        'People who pick up extra shifts will lose support. The bands should taper.',
        'Bands punish people whose income goes up and down every month, like zero-hours workers.',
      ],
    },
    {
      key: 'no_rise',
      stance: 'opposes',
      points: [
        'Do not raise Council Tax at all. Everyone is struggling with bills already.',
        'Council Tax is already too high. Cut waste at the town hall instead.',
        'Keep Council Tax down for everyone, not just those on support.',
      ],
    },
    {
      key: 'hardship',
      stance: 'mixed',
      points: [
        'Keep a hardship fund for people who fall through the gaps in the bands.',
        'There needs to be a way to ask for help if your circumstances change suddenly.',
        'Disabled people and single parents must have extra protection in the scheme.',
      ],
    },
  ],
  'health-and-wellbeing': [
    {
      key: 'closer_care',
      stance: 'supports',
      points: [
        'Being seen locally instead of travelling to the big hospital would save hours.',
        'Great idea. The bus to the hospital takes over an hour with two changes.',
        'Anything that takes pressure off A&E is welcome. Local care is better care.',
        'I would rather be seen close to home for a sprain or a cut than wait all night in A&E.',
      ],
    },
    {
      key: 'opening_hours',
      stance: 'mixed',
      points: [
        'It should be open 24 hours. Children get ill at night, not just before 10pm.',
        '8am to 10pm is good but weekends need the same hours.',
        'Late opening is important for people who work during the day.',
      ],
    },
    {
      key: 'staffing',
      stance: 'opposes',
      points: [
        'Where will the doctors and nurses come from? The walk-in centre is already short staffed.',
        'A new name does not help if there are not enough staff to see people.',
        'I worry it will just mean longer waits because staff will be moved from other places.',
      ],
    },
    {
      key: 'booking',
      stance: 'mixed',
      points: [
        'Please do not make everything booked through an app. Not everyone has a smartphone.',
        'Booking through 111 is fine but walk-in must stay for people who cannot get through.',
        'Interpreters must be available when you book and when you arrive.',
      ],
    },
    {
      key: 'parking_access',
      stance: 'opposes',
      points: [
        'Parking at the hospital is already impossible and expensive.',
        'It needs a bus stop right outside and free parking for disabled people.',
      ],
    },
  ],
  'transport-and-streets': [
    {
      key: 'short_stay',
      stance: 'supports',
      points: [
        'Short-stay bays near the market would help traders and shoppers.',
        'Thirty minute bays are a good idea, I just want to pop into the shops.',
        'More short-stay parking will bring people back to the town centre.',
      ],
    },
    {
      key: 'permit_hours',
      stance: 'opposes',
      points: [
        'Extending permit hours to 8pm means my visitors can never park. It is a money grab.',
        'Longer permit hours hurt carers and family who visit in the evenings.',
        'Commuters leave by 6pm, so why do permits need to run until 8pm?',
      ],
    },
    {
      key: 'blue_badge',
      stance: 'mixed',
      points: [
        'Keep Blue Badge bays close to the entrance of the market.',
        'Disabled drivers need more bays, not just the same ones moved around.',
      ],
    },
    {
      key: 'public_transport',
      stance: 'mixed',
      points: [
        'Invest in buses rather than parking. Fewer cars would make the town centre nicer.',
        'Better cycle parking and safer cycle lanes would take cars off the road.',
      ],
    },
  ],
  'waste-and-recycling': [
    {
      key: 'flats',
      stance: 'opposes',
      points: [
        'Shared food bins in flats will attract rats and foxes. Where will they go?',
        'My block has nowhere to put another bin. The bin store is already full.',
        'Flats need a different solution, shared bins are never emptied on time.',
      ],
    },
    {
      key: 'caddy',
      stance: 'supports',
      points: [
        'A small caddy with liners would make it easy. Please provide the liners free.',
        'A lockable outdoor bin is essential because of foxes.',
        'Happy to separate food waste as long as the caddy is small enough for my kitchen.',
      ],
    },
    {
      key: 'collections',
      stance: 'mixed',
      points: [
        'Weekly is good but make sure the general rubbish is still collected properly.',
        'The collection crews already miss our road. Fix that before adding more.',
      ],
    },
  ],
  'community-and-voluntary-sector': [
    {
      key: 'feedback',
      stance: 'supports',
      points: [
        'Telling us what happened after a consultation is the most important promise.',
        'We never hear back after we take part. Six weeks is a good promise if you keep it.',
        'Please publish what you did with our views, in plain English.',
      ],
    },
    {
      key: 'reach',
      stance: 'mixed',
      points: [
        'Come to where people are: the mosque, the gurdwara, the school gates, the food bank.',
        'Not everyone is online. Paper copies and phone lines are essential.',
        'Translate the consultations into the main community languages.',
      ],
    },
    {
      key: 'trust',
      stance: 'opposes',
      points: [
        'Consultations feel like the decision is already made. Ask us earlier.',
        'People are tired of being asked the same questions by different organisations.',
      ],
    },
  ],
};

export const GENERIC: ThemeBank[] = [
  {
    key: 'cost',
    stance: 'opposes',
    points: ['This will cost too much at a time when money is tight.', 'Who is paying for this?'],
  },
  {
    key: 'good_idea',
    stance: 'supports',
    points: ['This is a good idea and long overdue.', 'I support the proposal, it will help a lot of people.'],
  },
  {
    key: 'access',
    stance: 'mixed',
    points: [
      'Make sure disabled people can use it.',
      'Think about older people who are not online.',
      'Please make information available in other languages.',
    ],
  },
];

/** The form letter a campaign group circulated: many respondents send it with small edits. */
export const CAMPAIGN: Record<string, { key: string; text: string; edits: [string, string][] }> = {
  'parks-and-open-spaces': {
    key: 'maintenance',
    text:
      'I am writing as a member of the Friends of our Parks group. We ask the council to put maintenance first: ' +
      'empty the bins daily, repair the broken play equipment and reopen the toilets before spending money on ' +
      'anything new. Our parks are loved but neglected, and residents deserve better.',
    edits: [
      ['I am writing as a member of', 'I write as a supporter of'],
      ['empty the bins daily', 'empty the bins every day'],
      ['residents deserve better', 'local people deserve better'],
      ['Our parks are loved but neglected', 'Our parks are much loved but badly neglected'],
      ['before spending money on anything new', 'before spending on anything new'],
    ],
  },
};
