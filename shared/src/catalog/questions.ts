/**
 * The design questions of `seed/system-design-guide.txt`, offered to every board. Their
 * ids key the board's `requirements` map, so they are stable.
 */
export interface DesignQuestion {
  id: string;
  text: string;
  /** The guide's standard answer, where it gives one. */
  hint?: string;
}

export const DESIGN_QUESTIONS: readonly DesignQuestion[] = [
  { id: 'q1', text: 'In regards to this aspect of the system, do we want to focus on consistency or availability?' },
  {
    id: 'q2',
    text: 'Who are the users of the system? Are we looking at this on a consumer level or more of an enterprise solution level as our main target audience?',
  },
  { id: 'q3', text: 'Are there tiers (different Service Level Agreements) to the user experience?' },
  { id: 'q4', text: 'What will be the main workflows (reads vs writes)?' },
  { id: 'q5', text: 'How many requests do we expect to see every second?' },
  { id: 'q6', text: 'What is the maximum number of users we are expected to support and what is the average?' },
  {
    id: 'q7',
    text: 'Define the core entities and relationships that they have (ex. Objects that I would put in an ER diagram)',
  },
  { id: 'q8', text: 'What is our main lookup key for the items in our database?' },
  { id: 'q9', text: 'Expected end-to-end latency? Should some operations be faster than others?' },
  {
    id: 'q10',
    text: 'How should we handle conflicts/duplicates?',
    hint: 'Standard answer could just be going with operational transform which is where writes can happen from the same version, but if one write happens after another then its position is shifted',
  },
  {
    id: 'q11',
    text: 'Is there a target uptime for a feature?',
    hint: 'The standard answer for this is to usually have backup replicas and such that can replace the system if it needs to be able to. We can use a load balancer to help make it so that if any one server/compute goes down then traffic is rerouted to the other instances to maintain availability.',
  },
  {
    id: 'q12',
    text: 'What type of authorization are we planning to use?',
    hint: 'Amazon Cognito can be used in sync with email/password availability or Google OAuth',
  },
  {
    id: 'q13',
    text: 'Are we expecting that the functionality of the application to be based in an API and how will we connect the API?',
    hint: 'We can use Amazon API Gateway to be able to connect to our service using JSON Web Tokens (JWTs). Determine whether it should be HTTPS one way (CRUD) or Websocket so server and client can communicate bidirectionally',
  },
  { id: 'q14', text: 'What are our success measures?' },
];
