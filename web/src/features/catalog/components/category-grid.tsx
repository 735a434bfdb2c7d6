import { ReadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Col, Empty, Row, Skeleton, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';

import { paths } from '@/config/paths';
import { useCategories } from '@/hooks/use-categories';
import { ApiProblem } from '@/lib/api-client';
import { localized } from '@/utils/localized';

/** The course topics, each linking to the catalog filtered by it. */
export function CategoryGrid() {
  const { t, i18n } = useTranslation();
  const categories = useCategories();

  if (categories.isPending) {
    return <Skeleton active paragraph={{ rows: 4 }} />;
  }
  if (categories.isError) {
    const problem = categories.error instanceof ApiProblem ? categories.error : undefined;
    return (
      <Alert
        type="error"
        showIcon
        title={problem?.title ?? t('home.loadFailed')}
        description={problem?.detail ?? t('errors.network')}
        action={
          <Button size="small" onClick={() => void categories.refetch()}>
            {t('home.retry')}
          </Button>
        }
      />
    );
  }
  if (categories.data.items.length === 0) {
    return <Empty description={t('home.categoriesEmpty')} />;
  }
  return (
    <Row gutter={[16, 16]} role="list" aria-label={t('home.categoriesTitle')}>
      {categories.data.items.map((category) => (
        <Col key={category.id} xs={12} sm={8} md={6} role="listitem">
          <Link to={paths.classroom.href(category.code)}>
            <Card hoverable size="small" style={{ height: '100%' }}>
              <Typography.Text strong>
                <ReadOutlined aria-hidden style={{ color: '#1677ff', marginInlineEnd: 8 }} />
                {localized(category, 'name', i18n.language)}
              </Typography.Text>
            </Card>
          </Link>
        </Col>
      ))}
    </Row>
  );
}
