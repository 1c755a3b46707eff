-- Rate-limit counters shared by every API process (rate-limiter-flexible's Postgres store,
-- which we tell not to create tables at run time). Column order is the store's: it inserts
-- `VALUES (key, points, expire)`. `key` is `<limiter>:<hash of the client, account or
-- endpoint>`; `expire` is unix milliseconds. Rows that expired over an hour ago are deleted
-- every 5 minutes by one limiter of each API process.
CREATE TABLE "rate_limits" (
    "key" TEXT NOT NULL,
    "points" INTEGER NOT NULL DEFAULT 0,
    "expire" BIGINT,

    CONSTRAINT "rate_limits_pkey" PRIMARY KEY ("key")
);
