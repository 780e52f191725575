/** A small static diagram for the landing page, drawn with the same icons as the canvas. */
const ICONS = [
  { x: 24, y: 70, icon: 'aws/resource/User.svg', label: 'Users' },
  { x: 150, y: 70, icon: 'aws/architecture-service/AmazonAPIGateway.svg', label: 'API Gateway' },
  { x: 276, y: 20, icon: 'aws/architecture-service/AWSLambda.svg', label: 'Lambda' },
  { x: 276, y: 130, icon: 'aws/architecture-service/AmazonSimpleQueueService.svg', label: 'SQS' },
  { x: 402, y: 70, icon: 'aws/architecture-service/AmazonDynamoDB.svg', label: 'DynamoDB' },
];

export function HeroDiagram() {
  return (
    <div className="hero-diagram" aria-hidden="true">
      <svg className="hero-diagram__wires" viewBox="0 0 480 210" preserveAspectRatio="none">
        <defs>
          <marker
            id="hero-arrow"
            viewBox="-10 -10 20 20"
            markerWidth="12"
            markerHeight="12"
            orient="auto-start-reverse"
          >
            <polyline className="hero-diagram__arrow" points="-5,-4 0,0 -5,4 -5,-4" strokeWidth="1" />
          </marker>
        </defs>
        <path d="M72 94h78" className="wire" markerEnd="url(#hero-arrow)" />
        <path d="M198 94h24q10 0 10-10V54q0-10 10-10h34" className="wire" markerEnd="url(#hero-arrow)" />
        <path d="M198 94h24q10 0 10 10v40q0 10 10 10h34" className="wire wire--async" markerEnd="url(#hero-arrow)" />
        <path d="M324 44h34q10 0 10 10v30q0 10 10 10h24" className="wire wire--data" markerEnd="url(#hero-arrow)" />
      </svg>
      {ICONS.map((item) => (
        <figure key={item.label} style={{ left: item.x, top: item.y }}>
          <img src={`/icons/${item.icon}`} alt="" width={48} height={48} />
          <figcaption>{item.label}</figcaption>
        </figure>
      ))}
      <span className="hero-cursor" style={{ left: 330, top: 150 }}>
        <svg width="16" height="18" viewBox="0 0 18 20">
          <path d="M1.5 1.5 16 9.2l-6.4 1.6-3 6.9z" fill="#ae3ec9" stroke="#fff" strokeWidth="1.5" />
        </svg>
        <span>Priya</span>
      </span>
    </div>
  );
}
