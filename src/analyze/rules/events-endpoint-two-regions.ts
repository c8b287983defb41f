// An EventBridge global endpoint spans exactly two regions.
import type { Rule } from '../rule';

export const eventsEndpointTwoRegions: Rule = {
  id: 'events-endpoint-two-regions',
  code: 'TOPO3143',
  severity: 'error',
  summary: 'An events store with delivery global-endpoint lives in exactly two regions (per jurisdiction under partitioned): an EventBridge global endpoint has a primary and a secondary bus, no more.',
  check({ model }, report) {
    model.data.forEach((s, i) => {
      if (s.type !== 'events' || s.delivery !== 'global-endpoint') return;
      for (const group of s.groups) {
        if (group.length === 2) continue;
        report(
          ['data', i, 'delivery'],
          `events store ${s.name} asks for a global endpoint over ${group.length} region${group.length === 1 ? '' : 's'} (${group.join(', ')}); an EventBridge global endpoint takes exactly two event buses`,
          'use delivery: forward, which sends each region\'s events to every other region (https://docs.aws.amazon.com/eventbridge/latest/APIReference/API_CreateEndpoint.html: EventBuses, fixed number of 2 items)',
        );
      }
    });
  },
};
