/**
 * The lines of `seed/system-design-guide.txt` the design review rests on. Each quote is an
 * exact substring of its (1-based) line; `guide.test` in `lint.test.ts` reads the guide and
 * checks every one, so an edit of the guide that moves or rewords a line fails a test
 * instead of leaving a finding that cites words the guide no longer has.
 */
export interface GuideRef {
  line: number;
  quote: string;
}

export const GUIDE = {
  /** Question 4: what the read-heavy check needs answered. */
  q4: { line: 6, quote: 'What will be the main workflows (reads vs writes)?' },
  /** Question 9: what the synchronous-chain check needs answered. */
  q9: { line: 11, quote: 'Expected end-to-end latency?' },
  /** Question 11: what the single-instance and Multi-AZ checks need answered. */
  q11: { line: 14, quote: 'Is there a target uptime for a feature?' },
  /** Question 11's standard answer: load balancing over several instances. */
  loadBalancer: {
    line: 15,
    quote: 'if any one server/compute goes down then traffic is rerouted to the other instances',
  },
  /** Question 12's standard answer: Cognito for sign-in. */
  cognito: { line: 17, quote: 'Amazon Cognito can be used in sync with email/password availability or Google OAuth' },
  /** Question 13's standard answer: API Gateway in front of the service. */
  apiGateway: { line: 19, quote: 'We can use Amazon API Gateway to be able to connect to our service' },
  /** The RDS row: read replicas and Multi-AZ. */
  multiAz: { line: 38, quote: 'read-replicas, Multi-AZ' },
  /** The ElastiCache row: what a cache does for reads. */
  cache: { line: 40, quote: 'drops p99 read latency to sub-ms' },
  /** The SQS row. */
  deadLetter: { line: 43, quote: 'dead-letter queues' },
  /** The CloudWatch row. */
  monitoring: { line: 51, quote: 'Central metric, log, trace, and alert platform' },
  /** The IAM row's advantages: nothing reachable that need not be. */
  leastPrivilege: { line: 70, quote: 'Least privilege' },
} as const satisfies Record<string, GuideRef>;
