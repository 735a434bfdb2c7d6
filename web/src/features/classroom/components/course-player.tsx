import { PlayCircleOutlined } from '@ant-design/icons';
import { useQueryClient } from '@tanstack/react-query';
import { Alert } from 'antd';
import { useRef } from 'react';
import { useTranslation } from 'react-i18next';

import { useSessionStatus } from '@/hooks/use-session';
import { mediaUrl } from '@/lib/media-url';

import type { PublicCourse } from '../api/get-course';
import { myCourseStatusQueryKey, type MyCourseStatus } from '../api/get-my-course-status';
import { useStudyHeartbeat } from '../hooks/use-study-heartbeat';

/**
 * The course video: the browser's own player on the streaming URL (the server answers
 * `Range`, so seeking works). For signed-in viewers, playing keeps their study time.
 */
export function CoursePlayer({ course }: { course: PublicCourse }) {
  const { t } = useTranslation();
  const signedIn = useSessionStatus() === 'signed-in';
  const queryClient = useQueryClient();
  const video = useRef<HTMLVideoElement>(null);
  const { onPlay, onStop, superseded } = useStudyHeartbeat({
    courseId: course.id,
    enabled: signedIn,
    onStudied: (studiedMs) =>
      queryClient.setQueryData<MyCourseStatus>(myCourseStatusQueryKey(course.id), (status) =>
        status ? { ...status, studied_ms: studiedMs } : status,
      ),
    // Time goes to the other viewing now; stop here too, so nothing plays unrecorded.
    onSuperseded: () => video.current?.pause(),
  });
  const cover = course.cover ? mediaUrl(course.cover.url) : undefined;

  if (!course.video_url) {
    // The cover whole (386×240, in a box of its own shape), never cropped to 16:9.
    return cover ? (
      <div className="course-media course-media-picture">
        <img src={cover} alt="" className="course-media-cover" />
      </div>
    ) : (
      <div className="course-media">
        <div className="course-media-empty">
          <PlayCircleOutlined aria-hidden="true" />
          <span>
            {t(
              course.delivery === 'live'
                ? 'classroom.course.liveNoVideo'
                : 'classroom.course.noVideo',
            )}
          </span>
        </div>
      </div>
    );
  }
  return (
    <>
      <div className="course-media">
        <video
          ref={video}
          controls
          playsInline
          preload="metadata"
          poster={cover}
          src={mediaUrl(course.video_url)}
          aria-label={t('classroom.course.video', { title: course.title })}
          onPlay={onPlay}
          onPause={onStop}
          onEnded={onStop}
        >
          {t('classroom.course.videoUnsupported')}
        </video>
      </div>
      {superseded && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          title={t('classroom.course.superseded')}
          description={t('classroom.course.supersededText')}
          className="course-superseded"
        />
      )}
    </>
  );
}
