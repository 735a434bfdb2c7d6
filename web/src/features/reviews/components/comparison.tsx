import { Tag, Typography } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export type ComparedField = {
  key: string;
  label: string;
  submitted: ReactNode;
  listed?: ReactNode;
  /** Whether the submission differs from the listed version here. */
  changed: boolean;
};

/**
 * The submission beside what is listed now (SPEC §7: reviews show the diff): one row per
 * field, changed rows highlighted. Without a listed version only the submission shows.
 */
export function Comparison({
  fields,
  hasListed,
  pending,
}: {
  fields: ComparedField[];
  hasListed: boolean;
  /** Only a pending item is compared; a decided one shows what was submitted. */
  pending: boolean;
}) {
  const { t } = useTranslation();
  const changed = fields.filter((field) => field.changed).length;
  return (
    <>
      {pending &&
        (hasListed ? (
          <Typography.Paragraph type="secondary">
            {t('admin.changedCount', { count: changed })}
          </Typography.Paragraph>
        ) : (
          <Typography.Paragraph type="secondary">{t('admin.noListed')}</Typography.Paragraph>
        ))}
      <div className="review-compare-scroll">
        <table className="review-compare">
          <thead>
            <tr>
              <th scope="col">{t('admin.field')}</th>
              <th scope="col">{t('admin.submitted')}</th>
              {hasListed && <th scope="col">{t('admin.listed')}</th>}
            </tr>
          </thead>
          <tbody>
            {fields.map((field) => (
              <tr
                key={field.key}
                className={hasListed && field.changed ? 'changed' : undefined}
                data-field={field.key}
              >
                <th scope="row">
                  {field.label}
                  {hasListed && field.changed && (
                    <Tag color="orange" style={{ marginInlineStart: 6 }}>
                      {t('admin.changed')}
                    </Tag>
                  )}
                </th>
                <td>{field.submitted}</td>
                {hasListed && <td>{field.listed}</td>}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
