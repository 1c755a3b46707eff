-- Accounts signed in through an outside OpenID provider (OIDC_ISSUER / OIDC_ISSUERS): one row
-- per (issuer, subject) the provider vouches for, pointing at the Docket account it signs in.
-- A table of its own rather than columns on users: an account can be reached from several
-- providers, and the primary key serves the look-up every provider token makes.
-- Accounts created by a provider have no password: password_hash becomes optional, and a
-- sign-in with a password is refused for them (after the same work as a wrong password).

-- CreateTable
CREATE TABLE "user_identities" (
    "issuer" TEXT NOT NULL,
    "subject" TEXT NOT NULL,
    "user_id" UUID NOT NULL,
    "created_at" TIMESTAMPTZ(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "user_identities_pkey" PRIMARY KEY ("issuer","subject")
);

-- CreateIndex
CREATE INDEX "user_identities_user_id_idx" ON "user_identities"("user_id");

-- AddForeignKey
ALTER TABLE "user_identities" ADD CONSTRAINT "user_identities_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AlterTable
ALTER TABLE "users" ALTER COLUMN "password_hash" DROP NOT NULL;
