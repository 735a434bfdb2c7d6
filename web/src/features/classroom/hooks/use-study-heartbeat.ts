import { useCallback, useEffect, useRef, useState } from 'react';

import { ApiProblem } from '@/lib/api-client';

import { sendHeartbeat, startWatching } from '../api/watch-sessions';

type Options = {
  courseId: string;
  /** Signed in: only then is study time kept. */
  enabled: boolean;
  /** The course's study time so far, from each answer. */
  onStudied: (studiedMs: number) => void;
  /** Another tab or device started a viewing: this one no longer earns time. */
  onSuperseded?: () => void;
};

/**
 * Keeps on-demand study time while the video plays (SPEC §5.4): `onPlay` starts a viewing
 * and reports every `heartbeat_secs`; `onStop` (pause, end) stops reporting after one last
 * report for the part played since the previous one. Every play starts a new viewing, so
 * time spent paused is never reported as watched. A `stream_superseded` answer means a later
 * viewing took over: reporting stops until the person plays here again.
 */
export function useStudyHeartbeat({ courseId, enabled, onStudied, onSuperseded }: Options) {
  const [superseded, setSuperseded] = useState(false);
  const callbacks = useRef({ onStudied, onSuperseded });
  useEffect(() => {
    callbacks.current = { onStudied, onSuperseded };
  });
  const playing = useRef(false);
  // Bumped on every play and stop: a viewing that starts after a pause is dropped.
  const attempt = useRef(0);
  const viewing = useRef<{ id: string; timer: number } | null>(null);
  // The newest viewing this page started: only its 409 means another one took over.
  const latest = useRef<string | null>(null);

  const stopReporting = useCallback(() => {
    const current = viewing.current;
    if (current) window.clearInterval(current.timer);
    viewing.current = null;
    return current;
  }, []);

  const report = useCallback(
    async (sessionId: string) => {
      try {
        const answer = await sendHeartbeat(sessionId);
        callbacks.current.onStudied(answer.studied_ms);
      } catch (error) {
        if (!(error instanceof ApiProblem) || error.code !== 'stream_superseded') return;
        if (latest.current !== sessionId) return;
        if (viewing.current?.id === sessionId) stopReporting();
        playing.current = false;
        setSuperseded(true);
        callbacks.current.onSuperseded?.();
      }
    },
    [stopReporting],
  );

  const onPlay = useCallback(() => {
    if (!enabled || playing.current) return;
    playing.current = true;
    setSuperseded(false);
    const mine = ++attempt.current;
    startWatching(courseId).then(
      (session) => {
        if (mine !== attempt.current || !playing.current) return;
        latest.current = session.id;
        callbacks.current.onStudied(session.studied_ms);
        const every = Math.max(1, session.heartbeat_secs) * 1000;
        const timer = window.setInterval(() => void report(session.id), every);
        viewing.current = { id: session.id, timer };
      },
      // No video, or the session ended: the video still plays, without study time.
      () => undefined,
    );
  }, [courseId, enabled, report]);

  const onStop = useCallback(() => {
    playing.current = false;
    attempt.current += 1;
    const stopped = stopReporting();
    if (stopped) void report(stopped.id);
  }, [report, stopReporting]);

  // Leaving the page, signing out or another course: no more reports.
  useEffect(() => {
    if (!enabled) return undefined;
    return () => {
      playing.current = false;
      attempt.current += 1;
      stopReporting();
    };
  }, [courseId, enabled, stopReporting]);

  return { onPlay, onStop, superseded };
}
