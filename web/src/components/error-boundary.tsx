import { Button, Result } from 'antd';
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { withTranslation, type WithTranslation } from 'react-i18next';

import { reportError } from '@/lib/report-error';

type Props = WithTranslation & { children: ReactNode };

/** Catches render errors, reports them to the server, and offers a reload. */
class ErrorBoundaryInner extends Component<Props, { failed: boolean }> {
  state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  componentDidCatch(error: Error, info: ErrorInfo) {
    reportError(
      Object.assign(error, { stack: `${error.stack ?? ''}\n${info.componentStack ?? ''}` }),
    );
  }

  render() {
    const { t, children } = this.props;
    if (!this.state.failed) return children;
    return (
      <Result
        status="error"
        title={t('errors.unexpected')}
        subTitle={t('errors.unexpectedText')}
        extra={
          <Button type="primary" onClick={() => window.location.reload()}>
            {t('errors.reload')}
          </Button>
        }
      />
    );
  }
}

export const ErrorBoundary = withTranslation()(ErrorBoundaryInner);
