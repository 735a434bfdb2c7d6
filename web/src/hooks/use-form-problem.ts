import type { FormInstance } from 'antd';
import { useCallback, useState } from 'react';

import { ApiProblem } from '@/lib/api-client';

/**
 * Shows a failed submission where it belongs: each `problem.errors[]` entry under the form
 * field of that name (the server already localised the message), and everything else (a
 * problem without field errors, a network failure) as `formError`, for `ProblemAlert`.
 */
export function useFormProblem(form: FormInstance, fields: readonly string[]) {
  const [formError, setFormError] = useState<unknown>(null);

  const report = useCallback(
    (error: unknown) => {
      const problem = error instanceof ApiProblem ? error : undefined;
      const messages = new Map<string, string[]>();
      for (const { field, message } of problem?.errors ?? []) {
        if (fields.includes(field)) messages.set(field, [...(messages.get(field) ?? []), message]);
      }
      form.setFields([...messages].map(([name, errors]) => ({ name, errors })));
      const placedAll = problem !== undefined && problem.errors.every((e) => messages.has(e.field));
      setFormError(placedAll && messages.size > 0 ? null : error);
    },
    [form, fields],
  );
  const clear = useCallback(() => setFormError(null), []);

  return { formError, report, clear };
}
