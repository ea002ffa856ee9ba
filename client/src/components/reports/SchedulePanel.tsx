// A saved report's schedule: off, daily, weekly on a weekday or monthly on a day, at an hour in the owner's
// zone; the CSV is emailed to the owner and to whoever else it is sent to, each run as them (a link when it is
// too large to attach).
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import type { ReportSchedule } from '../../../../shared/schemas/reports';
import { serverFieldErrors, errorMessage } from '../../lib/errors';
import { formatDateTime } from '../../lib/format';
import { useTRPC } from '../../trpc';
import { Button } from '../Button';
import { useToast } from '../Toaster';
import { RecipientPicker } from './RecipientPicker';

const weekdays = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];
const hourLabel = (h: number) => `${String(h).padStart(2, '0')}:00`;

interface Props {
  reportId: number;
  schedule: ReportSchedule | null;
  scheduleLabel: string | null;
  nextRunAt: Date | null;
  canEdit: boolean;
  shared: boolean;
  recipients: { id: string; name: string }[];
}

export function SchedulePanel({ reportId, schedule, scheduleLabel, nextRunAt, canEdit, shared, recipients }: Props) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [frequency, setFrequency] = useState<ReportSchedule['frequency'] | ''>(schedule?.frequency ?? '');
  const [hour, setHour] = useState(schedule?.hour ?? 8);
  const [weekday, setWeekday] = useState(schedule?.weekday ?? 1);
  const [dayOfMonth, setDayOfMonth] = useState(schedule?.dayOfMonth ?? 1);
  const [recipientIds, setRecipientIds] = useState(recipients.map((r) => r.id));
  const save = useMutation(
    trpc.reports.update.mutationOptions({
      onSuccess: async (report) => {
        toast.success(report.schedule ? `Scheduled: ${report.scheduleLabel}` : 'Schedule removed');
        await queryClient.invalidateQueries({ queryKey: trpc.reports.get.queryKey({ id: reportId }) });
        await queryClient.invalidateQueries({ queryKey: trpc.reports.list.queryKey() });
      },
    }),
  );
  const errors = serverFieldErrors(save.error);
  const submit = () =>
    save.mutate({
      id: reportId,
      schedule: frequency ? { frequency, hour, weekday: frequency === 'weekly' ? weekday : null, dayOfMonth: frequency === 'monthly' ? dayOfMonth : null } : null,
      recipientIds,
    });
  const { recipientIds: recipientError, ...otherErrors } = errors;
  const others = recipients.length ? `; also to ${recipients.map((r) => r.name).join(', ')}` : '';

  if (!canEdit) {
    return <p className="subtle-text">{scheduleLabel ? `${scheduleLabel}, emailed to its owner${others}.` : 'Not scheduled. Only its owner schedules it.'}</p>;
  }
  return (
    <form
      className="report-schedule"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <div className="report-row">
        <label className="visually-hidden" htmlFor="report-schedule-frequency">
          Frequency
        </label>
        <select id="report-schedule-frequency" className="input select" value={frequency} onChange={(e) => setFrequency(e.target.value as typeof frequency)}>
          <option value="">Not scheduled</option>
          <option value="daily">Daily</option>
          <option value="weekly">Weekly</option>
          <option value="monthly">Monthly</option>
        </select>
        {frequency === 'weekly' && (
          <select className="input select" aria-label="Weekday" value={weekday} onChange={(e) => setWeekday(Number(e.target.value))}>
            {weekdays.map((d, i) => (
              <option key={d} value={i + 1}>
                on {d}
              </option>
            ))}
          </select>
        )}
        {frequency === 'monthly' && (
          <select className="input select" aria-label="Day of the month" value={dayOfMonth} onChange={(e) => setDayOfMonth(Number(e.target.value))}>
            {Array.from({ length: 31 }, (_, i) => i + 1).map((d) => (
              <option key={d} value={d}>
                on day {d}
              </option>
            ))}
          </select>
        )}
        {frequency && (
          <select className="input select" aria-label="Hour" value={hour} onChange={(e) => setHour(Number(e.target.value))}>
            {Array.from({ length: 24 }, (_, h) => (
              <option key={h} value={h}>
                at {hourLabel(h)}
              </option>
            ))}
          </select>
        )}
      </div>
      {frequency && <RecipientPicker value={recipientIds} onChange={setRecipientIds} shared={shared} error={recipientError?.[0]} />}
      {Object.entries(otherErrors).map(([k, m]) => (
        <div key={k} className="field__error">
          {m[0]}
        </div>
      ))}
      {save.error && Object.keys(errors).length === 0 && <div className="field__error">{errorMessage(save.error)}</div>}
      <p className="subtle-text">
        {scheduleLabel
          ? `${scheduleLabel}. Next run ${nextRunAt ? formatDateTime(nextRunAt) : '—'}; the CSV is emailed to you${others} (a link when it is too large to attach).`
          : 'Runs as you and emails you the CSV (and each other recipient theirs, as they may see it). Days 29–31 fall on a shorter month’s last day.'}
      </p>
      <Button type="submit" size="sm" pending={save.isPending}>
        Save schedule
      </Button>
    </form>
  );
}
