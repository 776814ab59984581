-- The list price of a signed order, net of tax, for the discount rate (issue #16 item 4:
-- Σ (list − transaction) ÷ Σ list of the orders signed in the period). OrderSigned has always
-- carried listPrice; fact_sales_orders (0004) kept only the transaction price.
--
-- Nullable: rows written before this migration have no list price (NULL), and the discount rate
-- leaves them out (numerator and denominator alike) rather than reading them as a 100 % or 0 %
-- discount. A rebuild of the projections (`npm run rebuild`) replays every OrderSigned and fills
-- the column for the whole history. A cancellation row carries no price: NULL.
ALTER TABLE fact_sales_orders ADD COLUMN IF NOT EXISTS list_price_net Nullable(Decimal(18, 2)) AFTER currency;
