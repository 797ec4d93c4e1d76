/**
 * The action plan of Barking and Dagenham's Community Engagement and Empowerment Strategy
 * 2011-2014 ("Listening to the 'Word on the Street'", ../shared/seeds), as the strategy wrote it:
 * aims, priorities, actions, milestones and leads. Milestone months are the strategy's own; the
 * seed moves them by whole years so the plan runs across the demo's current year.
 */

export interface SeedMilestone {
  title: string;
  /** 'YYYY-MM' as in the strategy, or 'ongoing' / 'as appropriate'. */
  due: string;
}

export interface SeedAction {
  priority: string;
  title: string;
  lead: string;
  milestones: SeedMilestone[];
}

export interface SeedAim {
  title: string;
  actions: SeedAction[];
}

const PP = 'Group Manager Policy & Performance';
const MC = 'Group Manager Marketing & Communications';

export const STRATEGY_FIRST_YEAR = 2011;

export const ACTION_PLAN: SeedAim[] = [
  {
    title: 'Aim 1: Deepening our relationship with the public',
    actions: [
      {
        priority: "Develop the Citizens' Panel as a mechanism for listening to the community more effectively",
        title: "Clarify the purpose of the Citizens' Panel, refresh its membership and plan its use",
        lead: PP,
        milestones: [
          { title: 'Clarify purpose', due: '2011-11' },
          { title: 'Refresh its membership', due: '2012-01' },
          {
            title:
              'Raise awareness of the panel via the Engagement Officers Group so they can use it to form focus groups',
            due: '2012-01',
          },
          {
            title:
              'Develop a prioritised plan for the use of the Panel and use it to test the key issues for the borough',
            due: '2012-03',
          },
        ],
      },
      {
        priority: 'Make it easy for people to tell us what they think',
        title: 'Promote opportunities to discuss concerns with their Ward Members via the News',
        lead: MC,
        milestones: [{ title: 'Promote ward member surgeries in the News', due: 'ongoing' }],
      },
      {
        priority: 'Make it easy for people to tell us what they think',
        title:
          'Mainstream the Community Communicator approach by supporting front line staff to feed back opinions and views they hear from the public, and proactively responding to these issues',
        lead: PP,
        milestones: [{ title: 'Front line staff feed back what they hear', due: '2011-10' }],
      },
      {
        priority: 'Make it easy for people to tell us what they think',
        title:
          'Use customer insight information to understand the most effective channels of communication to reach and engage with residents',
        lead: PP,
        milestones: [{ title: 'Customer insight used to choose channels', due: 'ongoing' }],
      },
      {
        priority:
          'Be transparent to enable residents, organisations and businesses to review and challenge published information',
        title:
          "Publish payments to suppliers over £500, promote the Council's commitment to transparency and engagement, and review other boroughs' practice",
        lead: 'Director Finance & Resources; Group Manager Policy & Performance',
        milestones: [
          { title: 'Publish payments to suppliers over £500 on the website monthly', due: '2011-12' },
          { title: 'Promote adoption of this strategy', due: '2011-10' },
          {
            title: "Review other boroughs' activities for good and better practice in presentation and distribution",
            due: '2012-01',
          },
        ],
      },
      {
        priority:
          'Work with and involve residents and businesses to develop solutions to issues that are important to them',
        title:
          'Share learning from the Locality Project, pilot co-production and empowerment, and run another Place Survey',
        lead: PP,
        milestones: [
          {
            title: 'Share learning across the Council from the Locality Project approach to engagement',
            due: '2011-12',
          },
          { title: 'Identify pilots to test the use of co-production and empowerment', due: '2012-04' },
          { title: 'Undertake another Place Survey and review its outcomes', due: '2011-11' },
        ],
      },
      {
        priority: 'Support residents to have their voice heard and exercise their democratic rights',
        title:
          "Develop and promote campaigns relevant to local people's concerns and priorities, for example for local health services",
        lead: MC,
        milestones: [{ title: 'Campaigns as concerns arise', due: 'as appropriate' }],
      },
      {
        priority: 'Be responsive and honest with the community',
        title:
          'Provide feedback to residents on consultation and engagement activity via The News, the council and Partnership website and social media',
        lead: 'Engagement Officers Group',
        milestones: [{ title: 'Feedback on every consultation', due: 'ongoing' }],
      },
      {
        priority: 'Be responsive and honest with the community',
        title:
          "Promote a 'you said, we did' approach to feedback so residents can see where their voice has made a difference, and explain when needs cannot be met",
        lead: 'Engagement Officers Group',
        milestones: [{ title: "'You said, we did' used across the borough", due: '2011-12' }],
      },
    ],
  },
  {
    title: 'Aim 2: Developing new methods for engaging',
    actions: [
      {
        priority: 'Enable residents to communicate and engage using social media channels and text messaging',
        title:
          'Maintain a Facebook page for the Council to encourage community conversations between residents and engagement with council services',
        lead: MC,
        milestones: [{ title: 'Facebook page maintained', due: 'ongoing' }],
      },
      {
        priority: 'Enable residents to communicate and engage using social media channels and text messaging',
        title:
          "Develop the use of the Council's Twitter account to promote messages and announcements to the local community",
        lead: MC,
        milestones: [{ title: 'Twitter account used for announcements', due: '2011-11' }],
      },
      {
        priority: 'Enable residents to communicate and engage using social media channels and text messaging',
        title:
          'Develop the use of text messaging across the partnership to facilitate community involvement and two-way conversations with residents',
        lead: MC,
        milestones: [{ title: 'Text messaging in use across the partnership', due: '2012-01' }],
      },
      {
        priority: 'Enable residents to communicate and engage using social media channels and text messaging',
        title: 'Support Members to use social media effectively in their role as community leaders',
        lead: MC,
        milestones: [{ title: 'Deliver a briefing to Members', due: '2011-12' }],
      },
      {
        priority: 'Enable officers at all levels to be confident in the use of social media',
        title: "Implement a 'Social Media Acceptable Use Policy' and communicate it across the council",
        lead: MC,
        milestones: [{ title: 'Policy implemented and communicated', due: '2011-12' }],
      },
      {
        priority: 'Enable officers at all levels to be confident in the use of social media',
        title: 'Work across the Partnership to develop proposals for the increased use of social media for engagement',
        lead: 'Engagement Officers Group',
        milestones: [{ title: 'Proposals agreed by the partnership', due: '2011-12' }],
      },
      {
        priority: 'Ensure that where appropriate all consultations are available for completion online',
        title:
          'Review the consultation portal, make it smartphone friendly and make sure every part of the council and partnership uses it',
        lead: PP,
        milestones: [
          { title: 'Review the current consultation portal and other software options', due: '2011-01' },
          { title: 'Investigate whether the online consultation portal can be smartphone friendly', due: '2011-01' },
          {
            title: 'Make Select Committees, directorates and organisations aware of the portal and use it',
            due: '2011-12',
          },
          {
            title: 'Promote online responses as a low cost option where insight says residents will respond online',
            due: '2011-12',
          },
        ],
      },
    ],
  },
  {
    title: 'Aim 3: Working better together',
    actions: [
      {
        priority: 'Work with partners to co-ordinate and share consultation and engagement activity',
        title:
          'Review engagement plans with lead officers across the Partnership, and publish and maintain a consultation forward plan',
        lead: PP,
        milestones: [
          {
            title: 'Regularly review consultation and engagement plans with the Engagement Officers Group',
            due: '2011-11',
          },
          { title: 'Publish and maintain a consultation forward plan on the Partnership website', due: '2012-01' },
        ],
      },
      {
        priority: 'Ensure appropriate and effective feedback of the results of consultation exercises',
        title:
          'Communicate results of major engagement and consultation, and track how decisions are affected by consultation',
        lead: PP,
        milestones: [
          {
            title: 'Communicate results on the Partnership website, Facebook, e-bulletin and directly to consultees',
            due: '2012-03',
          },
          { title: 'Maintain a system for tracking how decisions are affected by consultation', due: '2012-01' },
        ],
      },
      {
        priority: "Refresh the Community Engagement Officers' Group",
        title:
          "Refresh the Engagement Officers' Group's terms of reference and membership, and create an online Engagement Officers' Forum",
        lead: PP,
        milestones: [
          { title: 'Refresh terms of reference and membership', due: '2011-11' },
          { title: "Create an Engagement Officers' Forum on the Partnership website", due: '2012-02' },
        ],
      },
      {
        priority:
          'Ensure that the principles for listening and engaging are followed in every engagement and empowerment activity',
        title: "Refresh the Engagement and Empowerment toolkit and brief the Engagement Officers' Group on it",
        lead: PP,
        milestones: [
          { title: "Refresh the Engagement and Empowerment 'toolkit'", due: '2012-02' },
          { title: "Brief the Engagement Officers' Group on the toolkit and encourage its use", due: '2012-03' },
        ],
      },
      {
        priority:
          'Empower staff across the council to feed back messages they hear from the community to relevant colleagues',
        title:
          'Roll out the community communicator approach with frontline staff, with training and internal communications',
        lead: 'Divisional Director Corporate Policy & Public Affairs',
        milestones: [
          { title: 'Roll out through mainstreaming with frontline staff', due: '2011-10' },
          { title: 'Include in the learning and development strategy', due: '2011-12' },
          { title: 'Reinforce through internal communications', due: 'ongoing' },
        ],
      },
    ],
  },
];
