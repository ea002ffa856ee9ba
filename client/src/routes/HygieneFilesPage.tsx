// Analyse a file: upload a pipeline export (HubSpot, Salesforce, any CSV or .xlsx) to get the hygiene rules'
// results and health on it without importing it, and the analyses kept from the last 30 days.
import { useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { Button } from '../components/Button';
import { FormSummary } from '../components/FormField';
import { PageHeader } from '../components/PageHeader';
import { Panel } from '../components/Panel';
import { EmptyState, ErrorState, Spinner } from '../components/States';
import { HealthBadge } from '../components/hygiene/HealthBadge';
import '../components/hygiene/hygiene.css';
import { errorMessage } from '../lib/errors';
import { formatDateTime, formatNumber } from '../lib/format';
import { uploadSpreadsheet } from '../lib/uploads';
import { useTRPC } from '../trpc';

export const sourceLabels: Record<string, string> = { hubspot: 'HubSpot', salesforce: 'Salesforce', maven: 'Maven', other: 'Other' };

function UploadPanel() {
  const trpc = useTRPC();
  const navigate = useNavigate();
  const [file, setFile] = useState<File | null>(null);
  const [progress, setProgress] = useState<number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const create = useMutation(trpc.hygiene.analyses.create.mutationOptions());
  const go = async () => {
    if (!file) return setError('Choose a CSV or .xlsx file first');
    setError(null);
    setProgress(0);
    try {
      const upload = await uploadSpreadsheet(file, setProgress);
      setProgress(1);
      const preview = await create.mutateAsync({ uploadId: upload.uploadId });
      navigate(`/hygiene/files/${preview.analysisId}`);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setProgress(null);
    }
  };
  return (
    <Panel title="Analyse a pipeline export">
      <p className="muted-text">
        Upload a deals or opportunities export from HubSpot or Salesforce (CSV or .xlsx, as it comes). You confirm how its columns map, then get the same rule results and
        health score as on live deals. Nothing is imported; the analysis is kept for 30 days.
      </p>
      <div className="import-file">
        <div className="field">
          <label className="field__label" htmlFor="analysis-file">
            CSV or Excel file
          </label>
          <input
            id="analysis-file"
            className="input"
            type="file"
            accept=".csv,.tsv,.txt,.xlsx,text/csv,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
          />
        </div>
        <Button variant="primary" onClick={() => void go()} pending={progress !== null}>
          {progress !== null && progress < 1 ? `Uploading ${Math.round(progress * 100)}%` : 'Upload and map'}
        </Button>
      </div>
      <FormSummary summary={{ message: error, fields: [] }} />
    </Panel>
  );
}

function PastAnalyses() {
  const trpc = useTRPC();
  const list = useQuery(trpc.hygiene.analyses.list.queryOptions());
  if (list.isPending) return <Spinner />;
  if (list.isError) return <ErrorState error={list.error} onRetry={() => void list.refetch()} />;
  if (list.data.length === 0) return <EmptyState title="No analyses yet" description="Analyses of the files you upload are kept here for 30 days." />;
  return (
    <div className="table-wrap">
      <table className="table table--compact">
        <thead>
          <tr>
            <th>File</th>
            <th>Source</th>
            <th>Uploaded</th>
            <th className="num">Deals</th>
            <th className="num">Open</th>
            <th className="num">Results</th>
            <th>Health</th>
            <th>Kept until</th>
          </tr>
        </thead>
        <tbody>
          {list.data.map((a) => (
            <tr key={a.analysisId}>
              <td>
                <Link to={`/hygiene/files/${a.analysisId}`}>{a.fileName}</Link>
                {a.status === 'mapping' && <span className="muted-text"> · mapping not confirmed</span>}
              </td>
              <td>{sourceLabels[a.source] ?? a.source}</td>
              <td>
                {formatDateTime(a.createdAt)}
                {a.ownerName && <span className="muted-text"> · {a.ownerName}</span>}
              </td>
              <td className="num">{a.status === 'done' ? formatNumber(a.analysedRows) : formatNumber(a.rowCount)}</td>
              <td className="num">{a.status === 'done' ? formatNumber(a.openDeals) : '—'}</td>
              <td className="num">{a.status === 'done' ? formatNumber(a.findingsCount) : '—'}</td>
              <td>{a.status === 'done' ? <HealthBadge score={a.health} size="sm" /> : '—'}</td>
              <td>{formatDateTime(a.expiresAt)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

export default function HygieneFilesPage() {
  return (
    <>
      <PageHeader title="Analyse a file" crumbs={[{ label: 'My hygiene', to: '/hygiene/mine' }]} subtitle="Hygiene rules and health on another CRM's pipeline export, without importing it." />
      <UploadPanel />
      <Panel title="Past analyses">
        <PastAnalyses />
      </Panel>
    </>
  );
}
