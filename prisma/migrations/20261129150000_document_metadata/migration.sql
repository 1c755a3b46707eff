-- What extraction learns about a document besides its text (title, author, producer of a
-- PDF; how a text file's bytes were read; which extractor read it), kept with the document
-- instead of being dropped by the worker. Empty until the document succeeds.
ALTER TABLE "documents" ADD COLUMN "metadata" JSONB NOT NULL DEFAULT '{}';
