// On-demand study time (SPEC §5.4): the player starts a viewing, then reports while it plays.
// The server credits the real time between reports (capped) and keeps one credit stream per
// user; these are plain calls, driven by `hooks/use-study-heartbeat.ts`, not cached queries.

import { api, unwrap } from '@/lib/api-client';
import type { components } from '@/types/api';

export type WatchSession = components['schemas']['WatchSession'];

/** POST /courses/{id}/watch-sessions: a new viewing; any other of this user ends. */
export async function startWatching(courseId: string): Promise<WatchSession> {
  return unwrap(
    await api.POST('/api/v1/courses/{course_id}/watch-sessions', {
      params: { path: { course_id: courseId } },
    }),
  );
}

/** POST /watch-sessions/{id}/heartbeat: still playing. 409 `stream_superseded` once replaced. */
export async function sendHeartbeat(sessionId: string): Promise<WatchSession> {
  return unwrap(
    await api.POST('/api/v1/watch-sessions/{session_id}/heartbeat', {
      params: { path: { session_id: sessionId } },
    }),
  );
}
