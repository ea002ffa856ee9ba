// The report builder: what it is about, list or grouped, its columns (or groups and aggregates), filters and
// sort. Every control edits the working definition; the server's field errors show beside the control at
// their path (`columns.1`, `filters.0.value`).
import {
  aggregateFunctions,
  aggregateKinds,
  aggregateLabels,
  dateBuckets,
  type ReportEntity,
  reportCatalogue,
  reportEntities,
  reportField,
} from '../../../../shared/reportFields';
import { MAX_REPORT_COLUMNS, MAX_REPORT_GROUPS } from '../../../../shared/schemas/reports';
import { type Definition, fieldsOf, isGrouped, move, newDefinition, newFilter, sortOptions, toGrouped, toList } from './definition';
import { FilterRow } from './FilterRow';

interface Props {
  definition: Definition;
  onChange: (d: Definition) => void;
  errors: Record<string, string[]>;
}

function ErrorText({ errors, path }: { errors: Record<string, string[]>; path: string }) {
  const message = errors[path]?.[0];
  return message ? <div className="field__error">{message}</div> : null;
}

export function ReportBuilder({ definition: d, onChange, errors }: Props) {
  const grouped = isGrouped(d);
  const fields = fieldsOf(d.entity);
  const unusedColumns = fields.filter((f) => !d.columns.includes(f.key));
  const set = (patch: Partial<Definition>) => onChange({ ...d, ...patch });

  return (
    <div className="report-builder">
      <div className="field">
        <label className="field__label" htmlFor="report-entity">
          Report on
        </label>
        <select id="report-entity" className="input select" value={d.entity} onChange={(e) => onChange(newDefinition(e.target.value as ReportEntity))}>
          {reportEntities.map((e) => (
            <option key={e} value={e}>
              {reportCatalogue[e].label}
            </option>
          ))}
        </select>
        <ErrorText errors={errors} path="entity" />
      </div>

      <fieldset className="report-builder__mode">
        <legend className="field__label">Show</legend>
        <label className="radio">
          <input type="radio" name="report-mode" checked={!grouped} onChange={() => onChange(toList(d))} /> A row per record
        </label>
        <label className="radio">
          <input type="radio" name="report-mode" checked={grouped} onChange={() => onChange(toGrouped(d))} /> Groups with totals
        </label>
      </fieldset>

      {!grouped && (
        <section className="report-builder__section" aria-labelledby="report-columns-title">
          <h3 id="report-columns-title" className="report-builder__title">
            Columns
          </h3>
          <ol className="report-columns">
            {d.columns.map((key, i) => {
              const f = reportField(d.entity, key);
              return (
                <li key={key} className={`report-columns__item${errors[`columns.${i}`] ? ' report-columns__item--invalid' : ''}`}>
                  <span className="report-columns__name">{f?.label ?? key}</span>
                  <span className="report-columns__actions">
                    <button type="button" className="btn btn--ghost btn--sm" aria-label={`Move ${f?.label ?? key} up`} disabled={i === 0} onClick={() => set({ columns: move(d.columns, i, i - 1) })}>
                      ↑
                    </button>
                    <button
                      type="button"
                      className="btn btn--ghost btn--sm"
                      aria-label={`Move ${f?.label ?? key} down`}
                      disabled={i === d.columns.length - 1}
                      onClick={() => set({ columns: move(d.columns, i, i + 1) })}
                    >
                      ↓
                    </button>
                    <button type="button" className="btn btn--ghost btn--sm" aria-label={`Remove column ${f?.label ?? key}`} onClick={() => set({ columns: d.columns.filter((c) => c !== key) })}>
                      ×
                    </button>
                  </span>
                  <ErrorText errors={errors} path={`columns.${i}`} />
                </li>
              );
            })}
          </ol>
          <ErrorText errors={errors} path="columns" />
          {unusedColumns.length > 0 && d.columns.length < MAX_REPORT_COLUMNS && (
            <select
              className="input select"
              aria-label="Add a column"
              value=""
              onChange={(e) => e.target.value && set({ columns: [...d.columns, e.target.value] })}
            >
              <option value="">+ Add a column…</option>
              {unusedColumns.map((f) => (
                <option key={f.key} value={f.key}>
                  {f.label}
                </option>
              ))}
            </select>
          )}
        </section>
      )}

      {grouped && (
        <section className="report-builder__section" aria-labelledby="report-groups-title">
          <h3 id="report-groups-title" className="report-builder__title">
            Group by
          </h3>
          {d.groupBy.map((g, i) => {
            const f = reportField(d.entity, g.field);
            const dated = f?.kind === 'date' || f?.kind === 'datetime';
            return (
              <div key={i} className="report-row">
                <select
                  className="input select"
                  aria-label={`Group ${i + 1} field`}
                  value={g.field}
                  onChange={(e) => {
                    const next = reportField(d.entity, e.target.value);
                    const bucket = next?.kind === 'datetime' || next?.kind === 'date' ? 'month' : null;
                    set({ groupBy: d.groupBy.map((x, j) => (j === i ? { field: e.target.value, bucket } : x)), sort: [] });
                  }}
                >
                  {fields
                    .filter((x) => x.key !== 'id')
                    .map((x) => (
                      <option key={x.key} value={x.key}>
                        {x.label}
                      </option>
                    ))}
                </select>
                {dated && (
                  <select
                    className="input select"
                    aria-label={`Group ${i + 1} period`}
                    value={g.bucket ?? ''}
                    onChange={(e) => set({ groupBy: d.groupBy.map((x, j) => (j === i ? { ...x, bucket: (e.target.value || null) as typeof g.bucket } : x)), sort: [] })}
                  >
                    {f?.kind === 'date' && <option value="">Each date</option>}
                    {dateBuckets.map((b) => (
                      <option key={b} value={b}>
                        By {b}
                      </option>
                    ))}
                  </select>
                )}
                <button type="button" className="btn btn--ghost btn--sm" aria-label={`Remove group ${i + 1}`} onClick={() => set({ groupBy: d.groupBy.filter((_, j) => j !== i), sort: [] })}>
                  ×
                </button>
                <ErrorText errors={errors} path={`groupBy.${i}.field`} />
                <ErrorText errors={errors} path={`groupBy.${i}.bucket`} />
              </div>
            );
          })}
          {d.groupBy.length < MAX_REPORT_GROUPS && (
            <button type="button" className="btn btn--secondary btn--sm" onClick={() => set({ groupBy: [...d.groupBy, { field: fields.find((f) => f.kind === 'user')?.key ?? fields[1]!.key, bucket: null }], sort: [] })}>
              + Group
            </button>
          )}

          <h3 className="report-builder__title">Totals</h3>
          {d.aggregates.map((a, i) => {
            const candidates = a.fn === 'count' ? [] : fields.filter((f) => aggregateKinds[a.fn as Exclude<typeof a.fn, 'count'>].includes(f.kind));
            return (
              <div key={i} className="report-row">
                <select
                  className="input select"
                  aria-label={`Total ${i + 1} function`}
                  value={a.fn}
                  onChange={(e) => {
                    const fn = e.target.value as typeof a.fn;
                    const first = fn === 'count' ? null : (fields.find((f) => aggregateKinds[fn as Exclude<typeof fn, 'count'>].includes(f.kind) && f.key !== 'id')?.key ?? null);
                    set({ aggregates: d.aggregates.map((x, j) => (j === i ? { fn, field: fn === 'count' ? null : (a.field && candidatesFor(fn, d.entity).includes(a.field) ? a.field : first) } : x)), sort: [] });
                  }}
                >
                  {aggregateFunctions.map((fn) => (
                    <option key={fn} value={fn}>
                      {aggregateLabels[fn]}
                    </option>
                  ))}
                </select>
                {a.fn !== 'count' && (
                  <select
                    className="input select"
                    aria-label={`Total ${i + 1} field`}
                    value={a.field ?? ''}
                    onChange={(e) => set({ aggregates: d.aggregates.map((x, j) => (j === i ? { ...x, field: e.target.value } : x)), sort: [] })}
                  >
                    {candidates.map((f) => (
                      <option key={f.key} value={f.key}>
                        of {f.label}
                      </option>
                    ))}
                  </select>
                )}
                <button type="button" className="btn btn--ghost btn--sm" aria-label={`Remove total ${i + 1}`} onClick={() => set({ aggregates: d.aggregates.filter((_, j) => j !== i), sort: [] })}>
                  ×
                </button>
                <ErrorText errors={errors} path={`aggregates.${i}.field`} />
                <ErrorText errors={errors} path={`aggregates.${i}.fn`} />
              </div>
            );
          })}
          <button
            type="button"
            className="btn btn--secondary btn--sm"
            onClick={() => {
              const amount = fields.find((f) => f.kind === 'money') ?? fields.find((f) => f.kind === 'number' && f.key !== 'id');
              set({ aggregates: [...d.aggregates, amount ? { fn: 'sum', field: amount.key } : { fn: 'count', field: null }], sort: [] });
            }}
          >
            + Total
          </button>
          <ErrorText errors={errors} path="columns" />
        </section>
      )}

      <section className="report-builder__section" aria-labelledby="report-filters-title">
        <h3 id="report-filters-title" className="report-builder__title">
          Filters
        </h3>
        {d.filters.length === 0 && <p className="subtle-text">Every {reportCatalogue[d.entity].noun} you can see.</p>}
        {d.filters.map((filter, i) => (
          <FilterRow
            key={i}
            entity={d.entity}
            index={i}
            filter={filter}
            errors={errors}
            onChange={(next) => set({ filters: d.filters.map((x, j) => (j === i ? next : x)) })}
            onRemove={() => set({ filters: d.filters.filter((_, j) => j !== i) })}
          />
        ))}
        {d.filters.length < 20 && (
          <select className="input select" aria-label="Add a filter" value="" onChange={(e) => e.target.value && set({ filters: [...d.filters, newFilter(d.entity, e.target.value)] })}>
            <option value="">+ Add a filter…</option>
            {fields.map((f) => (
              <option key={f.key} value={f.key}>
                {f.label}
              </option>
            ))}
          </select>
        )}
      </section>

      <section className="report-builder__section" aria-labelledby="report-sort-title">
        <h3 id="report-sort-title" className="report-builder__title">
          Sort
        </h3>
        {d.sort.map((s, i) => (
          <div key={i} className="report-row">
            <select className="input select" aria-label={`Sort ${i + 1} by`} value={s.by} onChange={(e) => set({ sort: d.sort.map((x, j) => (j === i ? { ...x, by: e.target.value } : x)) })}>
              {sortOptions(d).map((o) => (
                <option key={o.value} value={o.value}>
                  {o.label}
                </option>
              ))}
            </select>
            <select
              className="input select"
              aria-label={`Sort ${i + 1} direction`}
              value={s.direction}
              onChange={(e) => set({ sort: d.sort.map((x, j) => (j === i ? { ...x, direction: e.target.value as 'asc' | 'desc' } : x)) })}
            >
              <option value="asc">Ascending</option>
              <option value="desc">Descending</option>
            </select>
            <button type="button" className="btn btn--ghost btn--sm" aria-label={`Remove sort ${i + 1}`} onClick={() => set({ sort: d.sort.filter((_, j) => j !== i) })}>
              ×
            </button>
            <ErrorText errors={errors} path={`sort.${i}.by`} />
          </div>
        ))}
        {d.sort.length === 0 && <p className="subtle-text">{grouped ? 'By the groups, in order.' : 'By the first column.'}</p>}
        {d.sort.length < 3 && (
          <button
            type="button"
            className="btn btn--secondary btn--sm"
            onClick={() => {
              const used = new Set(d.sort.map((s) => s.by));
              const next = sortOptions(d).find((o) => !used.has(o.value));
              if (next) set({ sort: [...d.sort, { by: next.value, direction: grouped ? 'desc' : 'asc' }] });
            }}
          >
            + Sort
          </button>
        )}
        <ErrorText errors={errors} path="sort" />
      </section>
    </div>
  );
}

function candidatesFor(fn: (typeof aggregateFunctions)[number], entity: ReportEntity): string[] {
  if (fn === 'count') return [];
  return fieldsOf(entity)
    .filter((f) => aggregateKinds[fn].includes(f.kind))
    .map((f) => f.key);
}
