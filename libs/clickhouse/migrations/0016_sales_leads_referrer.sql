-- The referrer of a referral lead (LeadCreated v2, referrerCustomerId): the customer credited with
-- the referral and with the referral sales it leads to (the `referrer` dimension, issue #16 item 4).
-- NULL when not recorded: every v1 lead, every lead of another source, and the rows projected
-- before this migration until a rebuild (`npm run rebuild`) replays them.
ALTER TABLE fact_sales_leads ADD COLUMN IF NOT EXISTS referrer_customer_id Nullable(String) AFTER model_of_interest;
