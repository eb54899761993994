-- 0005: local accounts for cookie sign-in, the teams engineering managers see, and an audit trail of admin changes.
-- Passwords are PBKDF2-SHA256 hashes (salt and iteration count per user); no plain text is ever stored.

CREATE TABLE "users" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_users" PRIMARY KEY AUTOINCREMENT,
    "UserName" TEXT NOT NULL COLLATE NOCASE,
    "DisplayName" TEXT NOT NULL,
    "Role" TEXT NOT NULL,
    "PasswordHash" TEXT NOT NULL,
    "PasswordSalt" TEXT NOT NULL,
    "PasswordIterations" INTEGER NOT NULL,
    "FailedSignIns" INTEGER NOT NULL,
    "LockedUntil" TEXT NULL,
    "SecurityStamp" TEXT NOT NULL,
    "IsDemo" INTEGER NOT NULL,
    "IsDisabled" INTEGER NOT NULL,
    "CreatedAt" TEXT NOT NULL,
    "LastSignInAt" TEXT NULL
);

CREATE UNIQUE INDEX "UX_users_UserName" ON "users" ("UserName");

CREATE TABLE "user_teams" (
    "UserId" INTEGER NOT NULL,
    "Team" TEXT NOT NULL,
    CONSTRAINT "PK_user_teams" PRIMARY KEY ("UserId", "Team"),
    CONSTRAINT "FK_user_teams_users_UserId" FOREIGN KEY ("UserId") REFERENCES "users" ("Id") ON DELETE CASCADE
);

CREATE TABLE "audit_entries" (
    "Id" INTEGER NOT NULL CONSTRAINT "PK_audit_entries" PRIMARY KEY AUTOINCREMENT,
    "At" TEXT NOT NULL,
    "Actor" TEXT NOT NULL,
    "Action" TEXT NOT NULL,
    "Entity" TEXT NOT NULL,
    "EntityId" TEXT NOT NULL,
    "Before" TEXT NULL,
    "After" TEXT NULL
);

CREATE INDEX "IX_audit_entries_Entity_EntityId" ON "audit_entries" ("Entity", "EntityId");
CREATE INDEX "IX_audit_entries_At" ON "audit_entries" ("At");
