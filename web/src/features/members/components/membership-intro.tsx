import { FileSearchOutlined, LoginOutlined, SolutionOutlined } from '@ant-design/icons';
import { Button, Card, Col, Row, Steps, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { paths } from '@/config/paths';

function Action({
  icon,
  title,
  text,
  to,
  primary = false,
}: {
  icon: ReactNode;
  title: string;
  text: string;
  to: string;
  primary?: boolean;
}) {
  return (
    <Card className="membership-action">
      <Typography.Title level={4} style={{ marginTop: 0 }}>
        {icon} {title}
      </Typography.Title>
      <Typography.Paragraph type="secondary">{text}</Typography.Paragraph>
      <Link to={to}>
        <Button type={primary ? 'primary' : 'default'} block>
          {title}
        </Button>
      </Link>
    </Card>
  );
}

/**
 * 会员服务 for visitors: what membership is, how it goes (register → review → sign in with
 * the USCC and WeChat → complete the profile → pay dues), and the three ways in.
 */
export function MembershipIntro() {
  const { t } = useTranslation();
  return (
    <>
      <Card>
        <Typography.Paragraph>{t('membership.intro.text')}</Typography.Paragraph>
        <Steps
          direction="vertical"
          size="small"
          current={-1}
          className="membership-flow"
          items={(['register', 'review', 'signIn', 'profile', 'dues'] as const).map((step) => ({
            title: t(`membership.intro.flow.${step}`),
            description: t(`membership.intro.flowText.${step}`),
          }))}
        />
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} md={8}>
          <Action
            primary
            icon={<SolutionOutlined aria-hidden />}
            title={t('membership.register.title')}
            text={t('membership.intro.registerText')}
            to={paths.membershipRegister.href()}
          />
        </Col>
        <Col xs={24} md={8}>
          <Action
            icon={<LoginOutlined aria-hidden />}
            title={t('membership.login.title')}
            text={t('membership.intro.loginText')}
            to={paths.membershipLogin.href()}
          />
        </Col>
        <Col xs={24} md={8}>
          <Action
            icon={<FileSearchOutlined aria-hidden />}
            title={t('membership.lookup.title')}
            text={t('membership.intro.lookupText')}
            to={paths.membershipStatus.href()}
          />
        </Col>
      </Row>
    </>
  );
}
