// jsdom ships no types and @types/jsdom is not a dependency: the little the tests use of it (a window and its
// document, to give Mermaid's parser a DOM).
declare module 'jsdom' {
  export class JSDOM {
    constructor(html?: string, options?: { pretendToBeVisual?: boolean });
    readonly window: Window & typeof globalThis;
  }
}
