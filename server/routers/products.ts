import { productCreate, productList, productUpdate } from '../../shared/schemas/products';
import { createProduct, listProducts, updateProduct } from '../services/products';
import { authedProcedure, managerProcedure, router } from '../trpc';

export const productsRouter = router({
  // Everyone prices deals from the catalogue; only managers and admins change it.
  create: managerProcedure.input(productCreate).mutation(({ ctx, input }) => createProduct(ctx.db, ctx.actor, input, ctx.clock.now())),
  list: authedProcedure.input(productList).query(({ ctx, input }) => listProducts(ctx.db, ctx.actor, input)),
  update: managerProcedure.input(productUpdate).mutation(({ ctx, input }) => updateProduct(ctx.db, ctx.actor, input, ctx.clock.now())),
});
