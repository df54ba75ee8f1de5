-- 011_declaration_constraints.sql - at most one active declaration per organization,
-- enforced by the database so that two concurrent declarations cannot both succeed (the
-- application checks first; on PostgreSQL two transactions could both pass that check).
CREATE UNIQUE INDEX declarations_one_active ON declarations (org_id) WHERE status = 'active';
