import { AlipayCircleOutlined, WechatOutlined } from '@ant-design/icons';
import { Alert, Button, Modal, Radio, Result, Space, Spin, Typography } from 'antd';
import QRCode from 'qrcode';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';

import { ProblemAlert } from '@/components/problem-alert';
import { formatFen } from '@/utils/format-money';
import { goToUrl } from '@/utils/go-to-url';

import { useCreateOnlinePayment, type OnlineChannel } from '../api/create-online-payment';
import type { DueYear } from '../api/get-dues';
import type { Payment } from '../api/get-payments';
import { useRefreshPayment } from '../api/refresh-payment';
import { MemberProblemAlert } from './member-problem-alert';

/** How often the SPA asks the gateway while the QR code is shown. */
const POLL_MS = 3000;

type Gateway = 'wechat' | 'alipay';

/** A phone's browser pays on the gateway's mobile page; a PC by QR code or the web cashier. */
export function onlineChannel(
  gateway: Gateway,
  userAgent: string = navigator.userAgent,
): OnlineChannel {
  const phone = /Mobi|Android|iPhone|iPad|MicroMessenger/i.test(userAgent);
  if (gateway === 'wechat') return phone ? 'wechat_h5' : 'wechat_native';
  return phone ? 'alipay_wap' : 'alipay_page';
}

/** A fresh `Idempotency-Key` per click (`randomUUID` needs a secure context; the fallback not). */
export function newIdempotencyKey(): string {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

function QrImage({ content, alt }: { content: string; alt: string }) {
  const [image, setImage] = useState<{ content: string; dataUrl: string } | null>(null);
  useEffect(() => {
    let cancelled = false;
    QRCode.toDataURL(content, { width: 220, margin: 2, errorCorrectionLevel: 'M' })
      .then((dataUrl) => {
        if (!cancelled) setImage({ content, dataUrl });
      })
      .catch(() => undefined);
    return () => {
      cancelled = true;
    };
  }, [content]);
  if (!image || image.content !== content) return <Spin />;
  return <img src={image.dataUrl} alt={alt} width={220} height={220} />;
}

/** The outcome of a payment as the gateway last told it. */
function Outcome({ payment, onClose }: { payment: Payment; onClose: () => void }) {
  const { t } = useTranslation();
  const close = (
    <Button type="primary" onClick={onClose}>
      {t('membership.online.close')}
    </Button>
  );
  if (payment.status === 'paid') {
    return (
      <Result
        status="success"
        title={t('membership.online.paid')}
        subTitle={t('membership.online.paidText')}
        extra={close}
      />
    );
  }
  if (payment.status === 'closed') {
    return <Result status="warning" title={t('membership.online.closed')} extra={close} />;
  }
  return <Result status="info" title={t('membership.online.flagged')} extra={close} />;
}

/**
 * 在线缴费 of one year: pick WeChat Pay or Alipay; a PC paying by WeChat sees the Native QR
 * code (polled every 3 s until paid or closed), every other checkout is the gateway's page.
 */
export function OnlinePaymentModal({
  orgId,
  due,
  onClose,
}: {
  orgId: string;
  due: DueYear;
  onClose: () => void;
}) {
  const { t, i18n } = useTranslation();
  const [gateway, setGateway] = useState<Gateway>('wechat');
  const create = useCreateOnlinePayment(orgId);
  const refresh = useRefreshPayment(orgId);
  const [checkout, setCheckout] = useState<{ payment: Payment; codeUrl: string } | null>(null);
  const polling = useRef(false);
  const payment = refresh.data ?? checkout?.payment;
  const waiting = checkout !== null && payment?.status === 'pending';
  const { mutate: ask } = refresh;

  useEffect(() => {
    if (!waiting || !checkout) return;
    const timer = window.setInterval(() => {
      if (polling.current) return;
      polling.current = true;
      ask(checkout.payment.id, { onSettled: () => (polling.current = false) });
    }, POLL_MS);
    return () => window.clearInterval(timer);
  }, [waiting, checkout, ask]);

  function pay() {
    create.mutate(
      { year: due.year, channel: onlineChannel(gateway), key: newIdempotencyKey() },
      {
        onSuccess: (answer) => {
          if (answer.redirect_url) goToUrl(answer.redirect_url);
          else if (answer.code_url)
            setCheckout({ payment: answer.payment, codeUrl: answer.code_url });
        },
      },
    );
  }

  let body;
  if (checkout && payment && payment.status !== 'pending') {
    body = <Outcome payment={payment} onClose={onClose} />;
  } else if (checkout) {
    body = (
      <Space orientation="vertical" align="center" size={12} style={{ width: '100%' }}>
        <Typography.Text strong>{formatFen(due.amount_fen, i18n.language)}</Typography.Text>
        <QrImage content={checkout.codeUrl} alt={t('membership.online.qr')} />
        <Typography.Paragraph type="secondary" style={{ textAlign: 'center', marginBottom: 0 }}>
          <WechatOutlined aria-hidden /> {t('membership.online.scan')}
        </Typography.Paragraph>
        <Typography.Text type="secondary" role="status">
          {t('membership.online.waiting')}
        </Typography.Text>
        <Button loading={refresh.isPending} onClick={() => ask(checkout.payment.id)}>
          {t('membership.online.iHavePaid')}
        </Button>
        <ProblemAlert error={refresh.isError ? refresh.error : null} />
      </Space>
    );
  } else {
    body = (
      <Space orientation="vertical" size={16} style={{ width: '100%' }}>
        <Typography.Paragraph style={{ marginBottom: 0 }}>
          {t('membership.online.what', {
            year: due.year,
            amount: formatFen(due.amount_fen, i18n.language),
          })}
        </Typography.Paragraph>
        <Radio.Group
          aria-label={t('membership.online.gateway')}
          value={gateway}
          onChange={(event) => setGateway(event.target.value as Gateway)}
          optionType="button"
          buttonStyle="solid"
          options={[
            {
              value: 'wechat',
              label: (
                <>
                  <WechatOutlined aria-hidden /> {t('membership.online.wechat')}
                </>
              ),
            },
            {
              value: 'alipay',
              label: (
                <>
                  <AlipayCircleOutlined aria-hidden /> {t('membership.online.alipay')}
                </>
              ),
            },
          ]}
        />
        <Alert type="info" showIcon title={t('membership.online.autoConfirm')} />
        <MemberProblemAlert error={create.isError ? create.error : null} />
        <Button type="primary" block loading={create.isPending} onClick={pay}>
          {t('membership.online.pay')}
        </Button>
      </Space>
    );
  }

  return (
    <Modal
      open
      title={t('membership.online.title', { year: due.year })}
      footer={null}
      onCancel={onClose}
      destroyOnHidden
    >
      {body}
    </Modal>
  );
}

/**
 * Back from a gateway's page (`/membership?payment=…`): asks once how the order stands and
 * says so; the records show it too.
 */
export function PaymentReturn({
  orgId,
  paymentId,
  onDismiss,
}: {
  orgId: string;
  paymentId: string;
  onDismiss: () => void;
}) {
  const { t } = useTranslation();
  const refresh = useRefreshPayment(orgId);
  const { mutate: ask } = refresh;
  useEffect(() => ask(paymentId), [ask, paymentId]);

  if (refresh.isPending || refresh.isIdle) return <Spin />;
  if (refresh.isError) return <ProblemAlert error={refresh.error} />;
  const status = refresh.data.status;
  return (
    <Alert
      type={status === 'paid' ? 'success' : status === 'pending' ? 'info' : 'warning'}
      showIcon
      closable={{ onClose: onDismiss }}
      title={t(
        status === 'paid'
          ? 'membership.online.paid'
          : status === 'pending'
            ? 'membership.online.notYet'
            : status === 'closed'
              ? 'membership.online.closed'
              : 'membership.online.flagged',
      )}
      action={
        status === 'pending' ? (
          <Button size="small" onClick={() => ask(paymentId)}>
            {t('membership.online.iHavePaid')}
          </Button>
        ) : undefined
      }
    />
  );
}
