-- 015_public_search.sql - indexes for the public search of declarers and the operator list.
-- Search by prefecture (optionally with a name prefix) walks (prefecture, name) in order.
CREATE INDEX organizations_pref_name ON organizations (prefecture, name);
-- Joining an organization to its current active declaration.
CREATE INDEX declarations_org_status ON declarations (org_id, status);
-- Operator list: newest first.
CREATE INDEX declarations_declared ON declarations (declared_at);
