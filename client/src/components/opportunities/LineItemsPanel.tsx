// Products on a deal. Once a deal has line items, its amount is their total (the server keeps it so).
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { lineItemAdd } from '../../../../shared/schemas/opportunities';
import { errorMessage } from '../../lib/errors';
import { formatMoney } from '../../lib/format';
import { useDebouncedValue } from '../../lib/useDebouncedValue';
import { type FieldBinding, useZodForm } from '../../lib/useZodForm';
import { useTRPC } from '../../trpc';
import { Button } from '../Button';
import { Combobox, type ComboOption } from '../Combobox';
import { FormSummary, TextField } from '../FormField';
import { Panel } from '../Panel';
import { useToast } from '../Toaster';
import { sumMoney } from '../../../../shared/money';
import type { OpportunityDetail } from './types';

function ProductPicker({
  onPick,
  ...props
}: FieldBinding & { label: string; required?: boolean; onPick: (option: ComboOption | undefined) => void; selectedLabel: string | null }) {
  const trpc = useTRPC();
  const [search, setSearch] = useState('');
  const debounced = useDebouncedValue(search, 200);
  const list = useQuery({
    ...trpc.products.list.queryOptions({ search: debounced || undefined, active: true, limit: 12 }),
    placeholderData: keepPreviousData,
  });
  const options: ComboOption[] = (list.data?.items ?? []).map((p) => ({
    value: String(p.id),
    label: p.productName,
    detail: `${p.productCode} · ${formatMoney(p.listPrice, { cents: true })}`,
  }));
  return (
    <Combobox
      {...props}
      placeholder="Search products…"
      options={options}
      loading={list.isFetching}
      onSearch={setSearch}
      emptyText={debounced ? `No product matches “${debounced}”` : 'No active products in the catalogue'}
      onChange={(v, option) => {
        props.onChange(v);
        onPick(option);
      }}
    />
  );
}

function AddLineItemForm({ opportunityId, onDone }: { opportunityId: number; onDone: () => void }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [product, setProduct] = useState<ComboOption | null>(null);
  const initial = { opportunityId, quantity: 1, discountPercent: '0' };
  const form = useZodForm(lineItemAdd, initial);
  const add = useMutation(trpc.opportunities.addLineItem.mutationOptions());

  const productBinding = form.recordId('productId');
  const onSubmit = form.handleSubmit(async (input) => {
    const deal = await add.mutateAsync(input);
    queryClient.setQueryData(trpc.opportunities.getById.queryKey({ id: opportunityId }), deal);
    void queryClient.invalidateQueries({ queryKey: trpc.opportunities.list.queryKey() });
    toast.success(`Added ${product?.label ?? 'the product'}`);
    form.reset(initial);
    setProduct(null);
    onDone();
  });

  return (
    <form onSubmit={onSubmit} noValidate className="opp-line-form" aria-label="Add a line item">
      <div className="opp-line-form__fields">
        <ProductPicker
          label="Product"
          required
          {...productBinding}
          error={productBinding.error && !product ? 'Choose a product' : productBinding.error}
          selectedLabel={product?.label ?? null}
          onPick={(o) => setProduct(o ?? null)}
        />
        <TextField label="Quantity" type="number" min={1} step={1} required {...form.number('quantity')} />
        <TextField
          label="Unit price"
          inputMode="decimal"
          placeholder={product?.detail?.split(' · ')[1] ?? 'List price'}
          hint="Empty: the list price"
          {...form.text('unitPrice')}
          onChange={(v) => form.setValue('unitPrice', v.trim() === '' ? undefined : v)}
        />
        <TextField label="Discount %" inputMode="decimal" {...form.text('discountPercent')} />
      </div>
      <div className="opp-line-form__actions">
        <FormSummary summary={form.summary} />
        <Button onClick={onDone} disabled={form.submitting}>
          Cancel
        </Button>
        <Button type="submit" variant="primary" pending={form.submitting}>
          Add line item
        </Button>
      </div>
    </form>
  );
}

export function LineItemsPanel({ opportunity, canEdit }: { opportunity: OpportunityDetail; canEdit: boolean }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const toast = useToast();
  const [adding, setAdding] = useState(false);
  const remove = useMutation(
    trpc.opportunities.removeLineItem.mutationOptions({
      onSuccess: (deal) => {
        queryClient.setQueryData(trpc.opportunities.getById.queryKey({ id: opportunity.id }), deal);
        void queryClient.invalidateQueries({ queryKey: trpc.opportunities.list.queryKey() });
        toast.success('Line item removed');
      },
      onError: (error) => toast.error(errorMessage(error)),
    }),
  );
  const items = opportunity.lineItems;
  const total = sumMoney(items.map((i) => i.totalPrice));

  return (
    <Panel
      title="Line items"
      count={items.length}
      flush
      actions={
        canEdit && !adding ? (
          <Button size="sm" onClick={() => setAdding(true)}>
            Add product
          </Button>
        ) : undefined
      }
    >
      <p className="opp-note">
        {items.length > 0
          ? 'The amount of this deal is the total of its line items; add or remove items to change it.'
          : 'Add products to price this deal: once it has line items, its amount is their total.'}
      </p>
      {adding && <AddLineItemForm opportunityId={opportunity.id} onDone={() => setAdding(false)} />}
      {items.length > 0 && (
        <div className="table-wrap">
          <table className="table table--compact" aria-label="Line items">
            <thead>
              <tr>
                <th scope="col">Product</th>
                <th scope="col" style={{ textAlign: 'right' }}>
                  Qty
                </th>
                <th scope="col" style={{ textAlign: 'right' }}>
                  Unit price
                </th>
                <th scope="col" style={{ textAlign: 'right' }}>
                  Discount
                </th>
                <th scope="col" style={{ textAlign: 'right' }}>
                  Total
                </th>
                {canEdit && (
                  <th scope="col">
                    <span className="visually-hidden">Actions</span>
                  </th>
                )}
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={item.id}>
                  <td>
                    <div className="cell-primary">{item.productName}</div>
                    <div className="muted-text opp-small">{item.productCode}</div>
                  </td>
                  <td style={{ textAlign: 'right' }}>{item.quantity.toLocaleString()}</td>
                  <td style={{ textAlign: 'right' }}>{formatMoney(item.unitPrice, { cents: true })}</td>
                  <td style={{ textAlign: 'right' }}>{Number(item.discountPercent) ? `${Number(item.discountPercent)}%` : '—'}</td>
                  <td style={{ textAlign: 'right' }}>{formatMoney(item.totalPrice, { cents: true })}</td>
                  {canEdit && (
                    <td style={{ textAlign: 'right' }}>
                      <Button
                        size="sm"
                        variant="ghost"
                        aria-label={`Remove ${item.productName}`}
                        pending={remove.isPending && remove.variables?.id === item.id}
                        onClick={() => remove.mutate({ id: item.id })}
                      >
                        Remove
                      </Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row" colSpan={4} style={{ textAlign: 'right' }}>
                  Total
                </th>
                <td style={{ textAlign: 'right' }} className="cell-primary">
                  {formatMoney(total, { cents: true })}
                </td>
                {canEdit && <td />}
              </tr>
            </tfoot>
          </table>
        </div>
      )}
    </Panel>
  );
}
