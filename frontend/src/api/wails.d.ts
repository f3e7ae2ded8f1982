// The parts of the Wails v2 runtime the API layer uses. Wails injects these into the page
// of the desktop app; in a browser (served by `trailbook serve`) they are absent.
import type { AppMethods } from './types';

declare global {
  interface Window {
    go?: {
      main?: {
        App?: Partial<AppMethods>;
      };
    };
    runtime?: {
      /** Returns a function that removes the listener. */
      EventsOn(eventName: string, callback: (...data: unknown[]) => void): () => void;
      /** Files dropped on the window (needs DragAndDrop.EnableFileDrop). */
      OnFileDrop?(callback: (x: number, y: number, paths: string[]) => void, useDropTarget: boolean): void;
      OnFileDropOff?(): void;
    };
  }
}

export {};
