-- Operator roles as the operator API names them. The single `admin` becomes `system_admin`:
-- RENAME VALUE changes the label, not the rows, so every existing admin keeps its rights under
-- the new name in the same instant. `super_admin` is the operator who grants and revokes
-- `system_admin` (with the CLI); it is added last, so the order reads user < system_admin <
-- super_admin. (ADD VALUE runs inside the migration's transaction: nothing here uses the new
-- label before the commit.)
ALTER TYPE "user_role" RENAME VALUE 'admin' TO 'system_admin';
ALTER TYPE "user_role" ADD VALUE 'super_admin';
