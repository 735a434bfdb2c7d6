import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Button, Form } from 'antd';
import { describe, expect, it, vi } from 'vitest';

import { problemReply, renderWithProviders, stubApi, type Route } from '@/testing/test-utils';
import { setViewportWidth } from '@/testing/viewport';

import type * as ReadMediaInfo from '../read-media-info';
import { readVideoInfo } from '../read-media-info';
import { fileOf, mp4Bytes, pdfBytes, pngBytes } from '../testing/sample-files';
import type * as UploadFile from '../upload-file';
import type { MediaPurpose } from '../upload-rules';
import { MediaUpload } from './media-upload';

// jsdom reads no video: the browser check gets its metadata from here.
vi.mock('../read-media-info', async (importOriginal) => ({
  ...(await importOriginal<typeof ReadMediaInfo>()),
  readVideoInfo: vi.fn(),
}));
// Retries without waiting, and give up after two failures in a row.
vi.mock('../upload-file', async (importOriginal) => {
  const original = await importOriginal<typeof UploadFile>();
  return {
    ...original,
    uploadFile: (file: File, options: Parameters<typeof original.uploadFile>[1]) =>
      original.uploadFile(file, { ...options, retry: { attempts: 2, baseDelayMs: 0 } }),
  };
});

const KB = 1024;
/** A 386×240 PNG header padded to 10 KB: three chunks of 4 KB, 4 KB and 2 KB. */
const cover = () => fileOf(pngBytes(386, 240, 10 * KB), 'cover.png', 'image/png');

const session = (id: string, received: number[] = [], size = 10 * KB) => ({
  id,
  purpose: 'course_cover',
  size,
  chunk_size: 4 * KB,
  chunk_count: Math.ceil(size / (4 * KB)),
  received,
  status: 'open',
  media_id: null,
  expires_at: '2026-11-23T08:00:00Z',
});
const coverMedia = {
  id: 'm1',
  url: '/media/m1',
  purpose: 'course_cover',
  content_type: 'image/png',
  size: 10 * KB,
  sha256: 'a'.repeat(64),
  width: 386,
  height: 240,
  duration_ms: null,
  visibility: 'public',
};

function uploadRoutes(overrides: Record<string, Route> = {}): Record<string, Route> {
  return {
    '/api/v1/uploads': { status: 201, body: session('up1') },
    '/api/v1/uploads/up1': { body: session('up1') },
    '/api/v1/uploads/up1/chunks/0': { status: 204 },
    '/api/v1/uploads/up1/chunks/1': { status: 204 },
    '/api/v1/uploads/up1/chunks/2': { status: 204 },
    '/api/v1/uploads/up1/complete': { status: 201, body: coverMedia },
    ...overrides,
  };
}

/** The course form's cover field, as a page would use it. */
function CoverForm({ onFinish }: { onFinish: (values: unknown) => void }) {
  return (
    <Form onFinish={onFinish}>
      <Form.Item name="cover_media_id" label="课程封面">
        <MediaUpload purpose="course_cover" orgId="org1" />
      </Form.Item>
      <Button htmlType="submit">保存</Button>
    </Form>
  );
}

function renderField(purpose: MediaPurpose, props: { value?: string } = {}) {
  const onChange = vi.fn();
  const rendered = renderWithProviders(
    <MediaUpload purpose={purpose} onChange={onChange} {...props} />,
  );
  return { onChange, ...rendered };
}

function fileInput(): HTMLInputElement {
  const input = document.querySelector<HTMLInputElement>('input[type="file"]');
  if (!input) throw new Error('no file input');
  return input;
}

const user = () => userEvent.setup({ applyAccept: false });

describe('MediaUpload', () => {
  it('says what the purpose accepts before a file is chosen', async () => {
    renderField('course_cover');

    const picker = await screen.findByRole('button', { name: /点击或拖拽课程封面到此处上传/ });
    expect(picker).toHaveTextContent('JPG/PNG，386×240 像素（或同比例放大），不超过 100 KB');
    expect(fileInput()).toHaveAttribute('accept', '.jpg,.jpeg,image/jpeg,.png,image/png');
  });

  it('refuses a picture of the wrong size at once, without calling the API', async () => {
    const { requests } = stubApi({});
    const { onChange } = renderField('course_cover');

    await user().upload(fileInput(), fileOf(pngBytes(400, 300), 'cover.png', 'image/png'));

    expect(await screen.findByRole('alert')).toHaveTextContent('尺寸应为 386×240，实际为 400×300');
    expect(requests).toHaveLength(0);
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.queryByRole('button', { name: /重试|继续上传/ })).not.toBeInTheDocument();
  });

  it('refuses a file whose bytes are not of an accepted type, whatever its name', async () => {
    const { requests } = stubApi({});
    renderField('course_cover');

    await user().upload(fileInput(), fileOf(pdfBytes(), 'cover.png', 'image/png'));

    expect(await screen.findByRole('alert')).toHaveTextContent(
      '文件格式应为 jpg/jpeg, png，实际为 pdf',
    );
    expect(requests).toHaveLength(0);
  });

  it('shows progress while uploading, then the picture, and gives the form its id', async () => {
    let release: () => void = () => {};
    const held = new Promise<void>((resolve) => (release = resolve));
    const { requests } = stubApi(
      uploadRoutes({
        '/api/v1/uploads/up1/chunks/1': async () => {
          await held;
          return { status: 204 };
        },
      }),
    );
    const onFinish = vi.fn();
    renderWithProviders(<CoverForm onFinish={onFinish} />);

    await user().upload(fileInput(), cover());

    const progress = await screen.findByRole('progressbar', { name: '课程封面上传进度' });
    await waitFor(() => expect(progress).toHaveAttribute('aria-valuenow', '40'));
    expect(screen.getByText('已上传 4 KB / 10 KB')).toBeInTheDocument();
    expect(screen.getByText('cover.png')).toBeInTheDocument();
    release();

    const preview = await screen.findByRole('img', { name: '课程封面预览' });
    expect(preview.getAttribute('src')).toMatch(/\/media\/m1$/);
    expect(screen.getByText('386×240 · 10 KB')).toBeInTheDocument();
    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(await (requests[0]!.clone().json() as Promise<unknown>)).toMatchObject({
      purpose: 'course_cover',
      org_id: 'org1',
      size: 10 * KB,
    });

    await user().click(screen.getByRole('button', { name: /保\s*存/ }));
    await waitFor(() => expect(onFinish).toHaveBeenCalledWith({ cover_media_id: 'm1' }));
  });

  it("shows the server's refusal when completing", async () => {
    stubApi(
      uploadRoutes({
        '/api/v1/uploads/up1/complete': problemReply(422, {
          code: 'validation_failed',
          title: '提交的信息有误',
          errors: [
            {
              field: 'file',
              code: 'media_dimensions',
              message: '封面尺寸应为 386×240，实际为 400×300',
            },
          ],
        }),
      }),
    );
    const { onChange } = renderField('course_cover');

    await user().upload(fileInput(), cover());

    expect(await screen.findByRole('alert')).toHaveTextContent(
      '封面尺寸应为 386×240，实际为 400×300',
    );
    expect(onChange).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: /点击或拖拽课程封面/ })).toBeInTheDocument();
  });

  it('resumes after the connection drops, sending only the missing chunks', async () => {
    stubApi(
      uploadRoutes({
        '/api/v1/uploads/up1/chunks/1': () => {
          throw new TypeError('Failed to fetch');
        },
        '/api/v1/uploads/up1': { body: session('up1', [0]) },
      }),
    );
    const { onChange } = renderField('course_cover');
    const actor = user();

    await actor.upload(fileInput(), cover());

    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('网络中断，上传已暂停');

    const { requests } = stubApi(
      uploadRoutes({ '/api/v1/uploads/up1': { body: session('up1', [0]) } }),
    );
    await actor.click(within(alert).getByRole('button', { name: /继续上传/ }));

    await waitFor(() => expect(onChange).toHaveBeenCalledWith('m1', coverMedia));
    expect(requests.map((r) => `${r.method} ${new URL(r.url).pathname}`)).toEqual([
      'GET /api/v1/uploads/up1',
      'PUT /api/v1/uploads/up1/chunks/1',
      'PUT /api/v1/uploads/up1/chunks/2',
      'POST /api/v1/uploads/up1/complete',
    ]);
  });

  it('cancels an upload in flight', async () => {
    stubApi(uploadRoutes({ '/api/v1/uploads/up1/chunks/0': () => new Promise(() => {}) }));
    const { onChange } = renderField('course_cover');
    const actor = user();

    await actor.upload(fileInput(), cover());
    await actor.click(await screen.findByRole('button', { name: /取消上传/ }));

    expect(screen.queryByRole('progressbar')).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: /点击或拖拽课程封面/ })).toBeInTheDocument();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
    expect(onChange).not.toHaveBeenCalled();
  });

  it('plays a private video through a signed URL', async () => {
    vi.mocked(readVideoInfo).mockResolvedValue({ width: 655, height: 368, durationMs: 83_000 });
    const video = fileOf(mp4Bytes(6 * KB), 'lesson.mp4', 'video/mp4');
    stubApi({
      '/api/v1/uploads': {
        status: 201,
        body: { ...session('up2', [], 6 * KB), purpose: 'course_video' },
      },
      '/api/v1/uploads/up2/chunks/0': { status: 204 },
      '/api/v1/uploads/up2/chunks/1': { status: 204 },
      '/api/v1/uploads/up2/complete': {
        status: 201,
        body: {
          ...coverMedia,
          id: 'm2',
          url: '/media/m2',
          purpose: 'course_video',
          content_type: 'video/mp4',
          width: 655,
          height: 368,
          duration_ms: 83_000,
          visibility: 'private',
          size: 6 * KB,
        },
      },
      '/api/v1/media/m2/signed-url': {
        body: {
          url: '/media/m2?expires=1700000000&signature=abc',
          expires_at: '2026-11-22T08:10:00Z',
        },
      },
    });
    function VideoField() {
      return (
        <Form>
          <Form.Item name="video_media_id" label="课程视频">
            <MediaUpload purpose="course_video" />
          </Form.Item>
        </Form>
      );
    }
    renderWithProviders(<VideoField />);

    await user().upload(fileInput(), video);

    const player = await screen.findByLabelText('课程视频预览');
    expect(player.tagName).toBe('VIDEO');
    expect(player).toHaveAttribute('controls');
    expect(player.getAttribute('src')).toMatch(/\/media\/m2\?expires=1700000000&signature=abc$/);
    expect(screen.getByText('655×368 · 6 KB · 1:23')).toBeInTheDocument();
  });

  it('refuses a video of the wrong size from its metadata', async () => {
    vi.mocked(readVideoInfo).mockResolvedValue({ width: 640, height: 360, durationMs: 1000 });
    const { requests } = stubApi({});
    renderField('course_video');

    await user().upload(fileInput(), fileOf(mp4Bytes(), 'lesson.mp4', 'video/mp4'));

    expect(await screen.findByRole('alert')).toHaveTextContent('尺寸应为 655×368，实际为 640×360');
    expect(requests).toHaveLength(0);
  });

  it('shows an earlier upload, and lets it be replaced or removed', async () => {
    stubApi({});
    const { onChange } = renderField('course_cover', { value: 'm9' });

    const preview = await screen.findByRole('img', { name: '课程封面预览' });
    expect(preview.getAttribute('src')).toMatch(/\/media\/m9$/);
    expect(screen.getByRole('button', { name: /更\s*换/ })).toBeInTheDocument();

    await user().click(screen.getByRole('button', { name: /删\s*除/ }));
    expect(onChange).toHaveBeenCalledWith(null);
  });

  it('links a private voucher through a signed URL', async () => {
    stubApi({
      '/api/v1/media/v1/signed-url': {
        body: { url: '/media/v1?expires=1&signature=s', expires_at: '2026-11-22T08:10:00Z' },
      },
    });
    renderField('payment_voucher', { value: 'v1' });

    const link = await screen.findByRole('link', { name: /查看文件/ });
    expect(link.getAttribute('href')).toMatch(/\/media\/v1\?expires=1&signature=s$/);
  });

  it('fits a phone screen', async () => {
    setViewportWidth(375);
    renderField('long_image');

    expect(
      await screen.findByRole('button', { name: /点击或拖拽长图介绍到此处上传/ }),
    ).toHaveTextContent('JPG/PNG，不超过 2 MB');
  });
});
