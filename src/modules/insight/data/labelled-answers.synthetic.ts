/**
 * SYNTHETIC LABELLED SET — written for this repository, not real consultation responses.
 *
 * Invented answers to an invented question ("What do you think of the proposals for your
 * neighbourhood's streets and parks?"), in the voice of residents answering a council
 * consultation. Each theme has hand-written sentences; an answer is 1–3 of its theme's sentences,
 * sometimes with a general remark that belongs to no theme and sometimes with one sentence from
 * another theme (as real answers stray), built by a seeded generator so the set is the same on
 * every machine. The label is the theme the answer is mostly about. Used by `npm run eval:insight`
 * and the engine's tests; never seeded into the demo as if it were real.
 */
import { seededRandom } from '../engine/random.ts';

export const SYNTHETIC_THEMES: Record<string, string[]> = {
  parking: [
    'Parking permits have gone up again and residents cannot afford them.',
    'There is nowhere to park near my house since the controlled parking zone started.',
    'The parking charges on the high street are driving shoppers away.',
    'Please keep the free parking bays outside the shops, small businesses depend on them.',
    'Visitor parking permits are far too expensive for carers who come every day.',
    'Commuters fill every parking space on our road before eight in the morning.',
    'I support a residents parking scheme as long as the permit is cheap.',
    'Pavement parking blocks the footway for wheelchairs and buggies.',
    'More disabled parking bays are needed near the health centre.',
    'The new parking restrictions were brought in without asking the people who live here.',
    'I object to removing parking spaces for the new planters.',
    'Parking enforcement officers ticket residents but ignore the vans parked on double yellow lines.',
  ],
  buses: [
    'The bus service is unreliable and the number 5 never turns up on time.',
    'We need more frequent buses in the evenings and on Sundays.',
    'The bus stop by the station has no shelter and no seating for older people.',
    'Cutting the bus route would leave elderly residents stranded.',
    'Buses are packed at rush hour and often drive past full.',
    'A bus lane on the main road would make journeys to the hospital quicker.',
    'Please put real time information screens at every bus stop.',
    'Night buses would help shift workers get home safely.',
    'The buses should connect the estate to the station directly.',
    'I rely on the bus to get to work and the timetable keeps changing.',
    'Bus fares are too high for families on low incomes.',
    'Step free access onto buses is poor when the kerb is too low.',
  ],
  cycling: [
    'The cycle lanes stop suddenly at the junction and put cyclists in danger.',
    'Segregated cycle lanes would make me feel safe enough to cycle to work.',
    'I fully support more cycle routes and secure bike storage on our street.',
    'Cyclists ride on the pavement because the road is too dangerous for them.',
    'A protected cycle route to the school would let children cycle safely.',
    'There are not enough bike hangars and my bike was stolen from the railings.',
    'The cycle lane paint has worn away and drivers ignore it.',
    'Cycle training for adults and children would get more people riding bikes.',
    'The new cycle lane has made the road narrower and cyclists still use the pavement.',
    'Please join up the cycle network so routes do not end in the middle of nowhere.',
    'Lower speed limits would make cycling safer for everyone.',
    'E-bike hire bays should be added near the station for cyclists.',
  ],
  litter: [
    'Fly tipping in the alleyways is getting worse every month.',
    'The litter bins in the park are overflowing by the weekend.',
    'Rubbish bags are left on the pavement and foxes rip them open.',
    'More litter bins and more frequent bin collections are needed on the high street.',
    'People dump mattresses and fridges behind the flats and nobody clears the fly tipping.',
    'Fines for littering and fly tipping should actually be enforced.',
    'The recycling bins are always full and the rubbish spills onto the street.',
    'Street cleaning has been cut and the litter is disgusting.',
    'A free bulky waste collection would stop so much fly tipping.',
    'Chewing gum and litter make the town centre look neglected.',
    'Dog fouling and litter on the green are a real problem for families.',
    'Volunteers litter pick every month but the rubbish comes straight back.',
  ],
  parks: [
    'The park is the only green space we have and it must be protected.',
    'Please plant more trees along the streets to give shade in summer.',
    'The flower beds and wildflower meadows in the park are lovely and should be kept.',
    'Children need a better playground in the park, the swings have been broken for months.',
    'Do not build on the green space by the river, it is used by everyone.',
    'More benches in the park would help older people rest on their walk.',
    'The park toilets are always locked which stops families staying for long.',
    'Trees have been cut down and not replaced, we need more greenery.',
    'A community garden in the park would bring neighbours together.',
    'The pond in the park is full of rubbish and the wildlife is suffering.',
    'Keep the park open later in summer so people can enjoy the green space.',
    'The grass in the park is left uncut and the paths are muddy.',
  ],
  safety: [
    'The street lighting is so poor that I do not feel safe walking home at night.',
    'Anti social behaviour around the shops at night makes residents afraid.',
    'Drug dealing happens openly in the car park and the police never come.',
    'Better lighting in the underpass would make women feel safer after dark.',
    'CCTV cameras would help deter the anti social behaviour on the estate.',
    'Groups of motorbikes race through the estate late at night.',
    'I have been threatened walking through the alley at night and want it gated.',
    'More police patrols are needed in the evenings to tackle crime.',
    'Broken street lights have been reported for weeks and nobody fixes them.',
    'Knife crime worries every parent in this area.',
    'The safety of women and girls at night should be the priority.',
    'Burglaries on our road have gone up and residents feel unsafe.',
  ],
  youth: [
    'There is nothing for teenagers to do so they hang around on the streets.',
    'Please reopen the youth club, it kept young people out of trouble.',
    'Young people need a free sports pitch and a place to meet after school.',
    'Youth workers made a real difference and the cuts were a mistake.',
    'A skate park would give teenagers somewhere to go.',
    'Holiday activities for children and young people are too expensive for most families.',
    'Ask young people what they want instead of deciding for them.',
    'The youth centre should open at weekends when teenagers have nothing to do.',
    'Apprenticeships and training for young people would help more than new benches.',
    'My children have nowhere safe to play football since the pitch closed.',
    'A music studio for young people would be a brilliant idea.',
    'Teenagers are treated as a problem rather than given activities and youth services.',
  ],
  cost: [
    'This is a waste of money when council tax keeps going up.',
    'The council should fix the potholes before spending money on new schemes.',
    'How much will this cost residents and who is paying for it?',
    'Council tax is already too high and services keep getting cut.',
    'Spending millions on consultants is a waste of taxpayers money.',
    'I oppose the scheme because the money would be better spent on essential services.',
    'Families are struggling with the cost of living and this spending is unfair.',
    'The budget should go on social care and housing not vanity projects.',
    'Show us the costs and the savings before going ahead with the spending.',
    'Another expensive scheme while basic repairs are not done is ridiculous.',
    'Value for money must come first with public money.',
    'The council wasted money on the last scheme and nobody was held responsible.',
  ],
};

const GENERAL = [
  'I have lived here for twenty years.',
  'Thank you for asking us.',
  'I hope someone actually reads this.',
  'The council never listens to residents.',
  'This affects my whole family.',
  'I am writing as a parent and a local resident.',
  'Things have changed a lot round here recently.',
  'Nobody told us about this until last week.',
];

export interface LabelledAnswer {
  id: string;
  text: string;
  label: string;
}

export const ANSWERS_PER_THEME = 40;

/** 320 labelled answers (40 per theme), the same on every machine. */
export function labelledAnswers(seed = 11): LabelledAnswer[] {
  const random = seededRandom(seed);
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)]!;
  const labels = Object.keys(SYNTHETIC_THEMES);
  const out: LabelledAnswer[] = [];
  for (let n = 0; n < ANSWERS_PER_THEME; n++) {
    for (const label of labels) {
      const own = SYNTHETIC_THEMES[label]!;
      const count = 1 + Math.floor(random() * 3);
      const chosen = new Set<string>();
      while (chosen.size < count) chosen.add(pick(own));
      const parts = [...chosen];
      if (random() < 0.3) parts.unshift(pick(GENERAL));
      if (random() < 0.15 && parts.length > 1) parts.push(pick(SYNTHETIC_THEMES[pick(labels.filter((l) => l !== label))]!));
      out.push({ id: `synthetic-${out.length + 1}`, text: parts.join(' '), label });
    }
  }
  return out;
}
