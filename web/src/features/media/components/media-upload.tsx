import {
  DeleteOutlined,
  FileOutlined,
  InboxOutlined,
  SwapOutlined,
  UploadOutlined,
} from '@ant-design/icons';
import { Alert, Button, Flex, Image, Progress, Spin, Typography, Upload } from 'antd';
import type { UploadProps } from 'antd';
import { useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { useSignedUrl } from '@/hooks/use-signed-url';
import { ApiProblem } from '@/lib/api-client';
import { mediaUrl } from '@/lib/media-url';

import { checkInBrowser, describeProblem } from '../check-in-browser';
import {
  isAbortError,
  uploadFile,
  UploadInterruptedError,
  type ResumeToken,
  type UploadProgress,
} from '../upload-file';
import {
  acceptAttribute,
  describeRule,
  formatBytes,
  uploadRules,
  type Media,
  type MediaPurpose,
  type UploadRule,
} from '../upload-rules';

export type MediaUploadProps = {
  purpose: MediaPurpose;
  /**
   * The Media id, as the API's `*_media_id` fields take it (`cover_media_id`, …); null or
   * undefined for none. For an existing value the preview is fetched by id.
   */
  value?: string | null;
  /** The new id after an upload (with the stored Media, for its size or length), null on remove. */
  onChange?: (value: string | null, media?: Media) => void;
  /** The org the file belongs to: needed when members of an org must see it (private files). */
  orgId?: string;
  /** Set by `Form.Item` so its label opens the file picker. */
  id?: string;
  disabled?: boolean;
};

type Job =
  | { status: 'idle' }
  | { status: 'checking'; file: File }
  | { status: 'uploading'; file: File; progress: UploadProgress }
  | {
      status: 'failed';
      message: string;
      /** Upload the same file again (from the start, or from `resume`). */
      file?: File;
      resume?: ResumeToken;
    };

/** How the server's refusal reads: its field messages ("尺寸应为 386×240，实际为 400×300"). */
function problemMessage(problem: ApiProblem): string {
  const fields = problem.errors.map((e) => e.message).filter(Boolean);
  return fields.length > 0 ? fields.join(' ') : (problem.detail ?? problem.title);
}

type PreviewKind = 'image' | 'video' | 'file';

function previewKind(rule: UploadRule, contentType: string | undefined): PreviewKind {
  if (contentType) {
    if (contentType.startsWith('image/')) return 'image';
    return contentType.startsWith('video/') ? 'video' : 'file';
  }
  // An earlier upload known only by its id: its purpose says what it can be.
  if (rule.formats.every((f) => f === 'jpeg' || f === 'png')) return 'image';
  return rule.formats.every((f) => f === 'mp4') ? 'video' : 'file';
}

function formatDuration(ms: number): string {
  const seconds = Math.round(ms / 1000);
  const mm = Math.floor(seconds / 60);
  return `${mm}:${String(seconds % 60).padStart(2, '0')}`;
}

/** The stored file: a thumbnail, a player, or a link; private files through a signed URL. */
function MediaPreview({
  mediaId,
  media,
  rule,
  label,
}: {
  mediaId: string;
  media?: Media;
  rule: UploadRule;
  label: string;
}) {
  const { t } = useTranslation();
  const signed = useSignedUrl(mediaId, rule.private);
  // Public files are served at `/media/{id}` (`load_media` in api/src/media/handlers.rs).
  const url = rule.private ? signed.data : mediaUrl(media?.url ?? `/media/${mediaId}`);
  const kind = previewKind(rule, media?.content_type);
  const facts = media
    ? [
        media.width && media.height ? `${media.width}×${media.height}` : undefined,
        formatBytes(media.size),
        media.duration_ms ? formatDuration(media.duration_ms) : undefined,
      ].filter(Boolean)
    : [];

  let body;
  if (!url) {
    body = signed.isError ? (
      <Typography.Text type="warning">{t('media.previewFailed')}</Typography.Text>
    ) : (
      <Spin aria-label={t('media.previewLoading')} />
    );
  } else if (kind === 'image') {
    body = (
      <Image
        src={url}
        alt={label}
        style={{ maxWidth: '100%', maxHeight: 240, objectFit: 'contain' }}
      />
    );
  } else if (kind === 'video') {
    body = (
      <video
        controls
        preload="metadata"
        src={url}
        aria-label={label}
        style={{ display: 'block', width: '100%', maxWidth: 655, background: '#000' }}
      />
    );
  } else {
    body = (
      <Typography.Link href={url} target="_blank" rel="noopener noreferrer">
        <FileOutlined aria-hidden /> {t('media.openFile')}
      </Typography.Link>
    );
  }
  return (
    <Flex vertical gap={4} style={{ maxWidth: '100%' }}>
      {body}
      {facts.length > 0 && <Typography.Text type="secondary">{facts.join(' · ')}</Typography.Text>}
    </Flex>
  );
}

/**
 * The one file field (issue 4 §5): says what the purpose accepts, checks a chosen file in the
 * browser (type, size, picture size — `check-in-browser.ts`), uploads it in resumable chunks
 * (`upload-file.ts`) with progress and cancel, shows the server's refusal, and previews the
 * result. Works as an antd `Form.Item` control: `value` is the Media id.
 *
 *   <Form.Item name="cover_media_id" label={t('…')}>
 *     <MediaUpload purpose="course_cover" orgId={org.id} />
 *   </Form.Item>
 */
export function MediaUpload({
  purpose,
  value,
  onChange,
  orgId,
  id,
  disabled = false,
}: MediaUploadProps) {
  const { t } = useTranslation();
  const rule = uploadRules[purpose];
  const ruleText = describeRule(rule, t);
  const purposeLabel = t(`media.purposes.${purpose}`);
  const ruleId = useId();
  const [job, setJob] = useState<Job>({ status: 'idle' });
  const [uploaded, setUploaded] = useState<Media | null>(null);
  const controller = useRef<AbortController | null>(null);
  /** Bumped by each new file, cancel and unmount: a superseded run changes nothing. */
  const run = useRef(0);

  function stop() {
    run.current += 1;
    controller.current?.abort();
    controller.current = null;
  }

  // Leaving the page stops an upload in flight.
  useEffect(() => stop, []);

  async function start(file: File, resume?: ResumeToken) {
    stop();
    const mine = run.current;
    const current = () => run.current === mine;
    setJob({ status: 'checking', file });
    const checked = await checkInBrowser(file, rule);
    if (!current()) return;
    if (!checked.ok) {
      setJob({ status: 'failed', message: describeProblem(checked.problem, t) });
      return;
    }
    const abort = new AbortController();
    controller.current = abort;
    setJob({
      status: 'uploading',
      file,
      progress: { phase: 'hashing', sent: 0, total: file.size },
    });
    try {
      const media = await uploadFile(file, {
        purpose,
        orgId,
        resume,
        signal: abort.signal,
        onProgress: (progress) => {
          if (current()) setJob({ status: 'uploading', file, progress });
        },
      });
      if (!current()) return;
      setUploaded(media);
      setJob({ status: 'idle' });
      onChange?.(media.id, media);
    } catch (error) {
      if (!current() || isAbortError(error)) return;
      if (error instanceof UploadInterruptedError) {
        setJob({ status: 'failed', message: t('media.interrupted'), file, resume: error.resume });
      } else if (error instanceof ApiProblem) {
        // A refusal of the file itself (422) is final for that file; anything else may pass.
        const retryable = error.status !== 422 && error.status !== 413;
        setJob({
          status: 'failed',
          message: problemMessage(error),
          file: retryable ? file : undefined,
        });
      } else {
        // Offline before any chunk moved: trying again continues the same session, if any.
        setJob({ status: 'failed', message: t('errors.network'), file, resume });
      }
    } finally {
      if (controller.current === abort) controller.current = null;
    }
  }

  function cancel() {
    stop();
    setJob({ status: 'idle' });
  }

  function remove() {
    stop();
    setUploaded(null);
    setJob({ status: 'idle' });
    onChange?.(null);
  }

  const picker: UploadProps = {
    // The type is checked from the bytes: let every dropped file through to say why it is refused.
    accept: { format: acceptAttribute(rule), filter: 'native' },
    multiple: false,
    showUploadList: false,
    disabled: disabled || job.status === 'checking' || job.status === 'uploading',
    beforeUpload: (file) => {
      void start(file);
      return Upload.LIST_IGNORE;
    },
  };

  const busy = job.status === 'checking' || job.status === 'uploading';
  const media = uploaded && uploaded.id === value ? uploaded : undefined;
  const retryFile = job.status === 'failed' ? job.file : undefined;

  let progressText = '';
  let percent = 0;
  if (job.status === 'checking') progressText = t('media.checking');
  if (job.status === 'uploading') {
    const { phase, sent, total } = job.progress;
    percent = total > 0 ? Math.floor((sent / total) * 100) : 0;
    progressText =
      phase === 'hashing'
        ? t('media.checking')
        : phase === 'completing'
          ? t('media.completing')
          : t('media.uploading', { sent: formatBytes(sent), total: formatBytes(total) });
  }

  return (
    <Flex vertical gap={8} style={{ width: '100%', minWidth: 0 }}>
      {value && !busy && (
        <>
          <MediaPreview
            mediaId={value}
            media={media}
            rule={rule}
            label={t('media.preview', { purpose: purposeLabel })}
          />
          <Flex wrap gap={8}>
            <Upload {...picker} id={id}>
              <Button
                icon={<SwapOutlined aria-hidden />}
                disabled={disabled}
                aria-describedby={ruleId}
              >
                {t('media.replace')}
              </Button>
            </Upload>
            <Button
              danger
              icon={<DeleteOutlined aria-hidden />}
              disabled={disabled}
              onClick={remove}
            >
              {t('media.remove')}
            </Button>
          </Flex>
          <Typography.Text type="secondary" id={ruleId}>
            {ruleText}
          </Typography.Text>
        </>
      )}

      {busy && (
        <Flex vertical gap={4} aria-live="polite">
          <Typography.Text ellipsis>{job.file.name}</Typography.Text>
          <Progress
            percent={percent}
            status="active"
            aria-label={t('media.progress', { purpose: purposeLabel })}
          />
          <Flex wrap align="center" justify="space-between" gap={8}>
            <Typography.Text type="secondary">{progressText}</Typography.Text>
            <Button size="small" onClick={cancel}>
              {t('media.cancel')}
            </Button>
          </Flex>
        </Flex>
      )}

      {!value && !busy && (
        <Upload.Dragger {...picker} id={id}>
          <p className="ant-upload-drag-icon">
            <InboxOutlined aria-hidden />
          </p>
          <p className="ant-upload-text">{t('media.pick', { purpose: purposeLabel })}</p>
          <p className="ant-upload-hint" id={ruleId}>
            {ruleText}
          </p>
        </Upload.Dragger>
      )}

      {job.status === 'failed' && (
        <Alert
          type="error"
          showIcon
          title={job.message}
          action={
            retryFile && (
              <Button
                size="small"
                icon={<UploadOutlined aria-hidden />}
                onClick={() => void start(retryFile, job.resume)}
              >
                {job.resume ? t('media.resume') : t('media.retry')}
              </Button>
            )
          }
        />
      )}
    </Flex>
  );
}
