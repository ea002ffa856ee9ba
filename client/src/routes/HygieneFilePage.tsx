// One file analysis: the mapping step until it is confirmed (or while the user changes it), then the report.
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useNavigate, useParams } from 'react-router';
import { Button } from '../components/Button';
import { DeleteButton } from '../components/DeleteButton';
import { PageHeader } from '../components/PageHeader';
import { ErrorState, Spinner } from '../components/States';
import { FileMapping } from '../components/hygiene/FileMapping';
import { FileReport } from '../components/hygiene/FileReport';
import '../components/hygiene/hygiene.css';
import { formatDate, formatNumber } from '../lib/format';
import { useTRPC } from '../trpc';
import { sourceLabels } from './HygieneFilesPage';

export default function HygieneFilePage() {
  const analysisId = Number(useParams().id);
  const trpc = useTRPC();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState(false);
  const report = useQuery(trpc.hygiene.analyses.get.queryOptions({ analysisId }));
  const remove = useMutation(trpc.hygiene.analyses.delete.mutationOptions());
  if (report.isPending) return <Spinner />;
  if (report.isError) return <ErrorState error={report.error} onRetry={() => void report.refetch()} />;
  const r = report.data;
  const mapping = r.status === 'mapping' || editing;
  return (
    <>
      <PageHeader
        title={r.fileName}
        crumbs={[{ label: 'Analyse a file', to: '/hygiene/files' }]}
        subtitle={`${sourceLabels[r.source] ?? r.source} export · ${formatNumber(r.rowCount)} rows · uploaded ${formatDate(r.createdAt)} · kept until ${formatDate(r.expiresAt)}`}
        actions={
          <>
            {r.status === 'done' && !editing && (
              <a className="btn btn--secondary" href={`/api/hygiene/analyses/${analysisId}/findings.csv`} download>
                Download CSV
              </a>
            )}
            {r.status === 'done' && r.uploadId !== null && (
              <Button onClick={() => setEditing(!editing)}>{editing ? 'Back to the report' : 'Change mapping'}</Button>
            )}
            <DeleteButton
              what="this analysis"
              name={r.fileName}
              consequence="Its results and the stored file go with it."
              onConfirm={async () => {
                await remove.mutateAsync({ analysisId });
                await queryClient.invalidateQueries(trpc.hygiene.analyses.list.pathFilter());
                navigate('/hygiene/files');
              }}
            />
          </>
        }
      />
      {mapping ? (
        r.uploadId === null ? (
          <ErrorState error={new Error('The file of this analysis is no longer kept: upload it again.')} />
        ) : (
          <FileMapping analysisId={analysisId} uploadId={r.uploadId} onDone={() => setEditing(false)} />
        )
      ) : (
        <FileReport report={r} />
      )}
    </>
  );
}
