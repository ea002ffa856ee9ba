// Product catalogue inputs: the product form and the server validate with these.
import { z } from 'zod';
import { filterText, listPaging, money, optionalText, recordId, requiredText } from './common';

const productCode = z
  .string()
  .trim()
  .min(1, 'Product code is required')
  .max(64, 'Product code must be at most 64 characters');

export const productCreate = z.object({
  productName: requiredText('Product name'),
  productCode,
  category: optionalText(128),
  listPrice: money,
  active: z.boolean().default(true),
});

export const productUpdate = z.object({
  id: recordId,
  productName: requiredText('Product name').optional(),
  productCode: productCode.optional(),
  category: optionalText(128).optional(),
  listPrice: money.optional(),
  active: z.boolean().optional(),
});

export const productSorts = ['productName'] as const;

export const productList = z
  .object({
    active: z.boolean().optional(),
    category: filterText(128),
    /** Matches the product name or code. */
    search: filterText(),
    sort: z.enum(productSorts).default('productName'),
    ...listPaging,
  })
  .prefault({});

export type ProductCreate = z.infer<typeof productCreate>;
export type ProductUpdate = z.infer<typeof productUpdate>;
export type ProductList = z.infer<typeof productList>;
