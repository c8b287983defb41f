// The catalogue of diagnostic codes: stable identifiers, one documented meaning each.

export const CODES = {
  // load: the file and its YAML
  TOPO1001: 'The topology file cannot be read.',
  TOPO1002: 'The topology file is larger than topoform accepts.',
  TOPO1003: 'The file is not valid YAML.',
  TOPO1004: 'A mapping has the same key twice.',
  TOPO1005: 'The file holds more than one YAML document.',
  TOPO1006: 'YAML aliases expand beyond the limit (an alias bomb).',
  TOPO1007: 'A key that could reach JavaScript object internals (__proto__, constructor, prototype).',
  TOPO1008: 'The file holds no topology.',
  // validate: the JSON Schema
  TOPO2001: 'A field the format does not know.',
  TOPO2002: 'A required field is missing.',
  TOPO2003: 'A value has the wrong type.',
  TOPO2004: 'A value is not one of those allowed.',
  TOPO2005: 'A number is out of range.',
  TOPO2006: 'A string does not have the required form.',
  TOPO2007: 'An unknown AWS region code.',
  TOPO2008: 'A list or map has too few or too many entries.',
  TOPO2009: 'A list holds the same entry twice.',
  TOPO2010: 'More schema errors than are listed one by one.',
  // validate: rules across fields
  TOPO3001: 'A region is listed twice.',
  TOPO3002: 'The pattern needs a primary region and there is none.',
  TOPO3003: 'A region role the pattern does not allow.',
  TOPO3004: 'More than one primary region.',
  TOPO3005: 'The primary region is not listed first.',
  TOPO3006: "A region's capacity contradicts the pattern.",
  TOPO3007: 'A routing map, job placement or drill names a region that is not in regions.',
  TOPO3008: 'A generated AWS resource name would be invalid.',
  TOPO3009: 'Strongly consistent stores need all their regions in one AWS region set.',
  TOPO3010: 'Strongly consistent stores need three regions, or two and a witness.',
  TOPO3011: 'A regulated store would be replicated out of its jurisdiction.',
  TOPO3012: 'Routing needs an endpoint in a region that has neither endpoint nor app.module.',
  TOPO3013: 'Two entries share a name.',
  TOPO3014: 'The state configuration is incomplete or unsafe.',
  TOPO3015: 'Routing needs exactly one of zone and zoneId.',
  TOPO3016: 'Pattern partitioned needs a jurisdiction on every region.',
  TOPO3017: 'The routing policy does not fit the pattern.',
  TOPO3018: 'The routing policy needs a map that is missing or incomplete.',
  TOPO3020: 'Regions from different AWS partitions cannot be combined.',
  TOPO3021: "A region's roleArn is in another account than its account field.",
  TOPO3022: 'The routing domain is not inside the hosted zone.',
  TOPO3023: 'Two regions name the same endpoint.',
  TOPO3024: 'A routing setting that has no effect on the records topoform makes.',
  TOPO3025: 'A store that attaches to a VPC lives in a region without network.',
  TOPO3030: 'Aurora secondaries without instances outside pattern pilot-light.',
  TOPO3040: 'An Aurora DSQL store is not two peered clusters and a witness.',
  TOPO3045: "A dynamodb store's hashKey and rangeKey name the same attribute.",
  TOPO3050: 'A secret store sets rotationDays without a rotationLambda to rotate it.',
  TOPO3051: "A secret's rotationLambda is not a Lambda function in the topology's partition and the secret's home region.",
  TOPO3052: "A parameter store's value is larger than an SSM parameter holds (8192 bytes).",
  TOPO3053: 'A secret name ends with a hyphen and six characters, like the random suffix of a secret ARN.',
  TOPO3060: 'A cache in mode global has a node type ElastiCache Global Datastore does not support.',
  TOPO3061: 'A cache in mode global spans more regions than a Global Datastore allows (a primary and two secondaries).',
  TOPO3085: 'recoveryControl with Global Accelerator or CloudFront holding the domain: there are no region records for ARC to gate.',
  TOPO3090: "A job's target is not an ARN of a service topoform schedules (lambda, states, sqs, sns, events) in the topology's partition.",
  // build
  TOPO4001: 'A part of the format that this version of topoform does not compile yet (a warning in validate, an error in synth).',
  // emit
  TOPO5001: 'The output folder cannot be written.',
  TOPO5002: 'The output folder holds the output of another topology.',
  // check: suppressions
  TOPO6901: 'A suppression without a reason, or naming a code that is not a lint of topoform check.',
  TOPO6902: 'A suppression that accepts no finding.',
  // internal
  TOPO9001: 'An internal error in topoform.',
} as const;

/** Every code topoform emits; a diagnostic with another code is a type error. */
export type Code = keyof typeof CODES;
