-- Organisation membership from an identity provider's claim (OIDC organizations_claim).
--
-- organization_identity_links: an organisation's owners and admins link a value of a
-- provider's organisations claim to their organisation with a role. On every sign-in with a
-- token of that provider, the holder's memberships granted by it follow the token's claim.
-- The unique index (issuer, claim_value, organization_id) serves the sign-in's look-up of
-- every link of the token's values and refuses a link made twice.
--
-- memberships.granted_by_issuer: the provider whose claim granted a membership, which the
-- sync may change or remove; null for memberships from invitations or creating the
-- organisation, which the sync never touches.

-- AlterTable
ALTER TABLE "memberships" ADD COLUMN "granted_by_issuer" TEXT;

-- CreateTable
CREATE TABLE "organization_identity_links" (
    "id" UUID NOT NULL DEFAULT gen_random_uuid(),
    "organization_id" UUID NOT NULL,
    "issuer" TEXT NOT NULL,
    "claim_value" TEXT NOT NULL,
    "role" "organization_role" NOT NULL,
    "created_by" UUID,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "organization_identity_links_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE UNIQUE INDEX "organization_identity_links_lookup_key" ON "organization_identity_links"("issuer", "claim_value", "organization_id");

-- CreateIndex
CREATE INDEX "organization_identity_links_organization_id_idx" ON "organization_identity_links"("organization_id");

-- AddForeignKey
ALTER TABLE "organization_identity_links" ADD CONSTRAINT "organization_identity_links_organization_id_fkey" FOREIGN KEY ("organization_id") REFERENCES "organizations"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "organization_identity_links" ADD CONSTRAINT "organization_identity_links_created_by_fkey" FOREIGN KEY ("created_by") REFERENCES "users"("id") ON DELETE SET NULL ON UPDATE CASCADE;
