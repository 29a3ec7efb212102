-- CreateTable
CREATE TABLE "SealedIdentity" (
    "pseudonym" TEXT NOT NULL,
    "jwe" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,

    CONSTRAINT "SealedIdentity_pkey" PRIMARY KEY ("pseudonym")
);
