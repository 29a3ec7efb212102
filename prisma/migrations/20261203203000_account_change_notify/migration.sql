-- Each API process keeps the accounts it has signed in (apps/api/src/access/account-cache.ts) and drops one
-- when told it changed. Triggers tell, so a change made by hand (psql, an operator's script) reaches every
-- process as a change through the API does: at the commit that makes it, on channel vigil_accounts.
CREATE FUNCTION "vigil_account_changed"() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('vigil_accounts', TG_TABLE_NAME || ':' || OLD."id");
  RETURN NULL;
END
$$;

CREATE TRIGGER "User_changed" AFTER UPDATE OR DELETE ON "User" FOR EACH ROW EXECUTE FUNCTION "vigil_account_changed"();
CREATE TRIGGER "Department_changed" AFTER UPDATE OR DELETE ON "Department" FOR EACH ROW EXECUTE FUNCTION "vigil_account_changed"();
