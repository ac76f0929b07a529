-- The PDQ index (src/repositories/pdq-index.repository.ts): perceptual hashes of stored images
-- (the whole picture and its crop variants, src/images/pdq-variants.ts) and of hash-list entries,
-- searched by Hamming distance. Never public: a published hash lets an adversary test evasions.
--
-- Exact search by multi-index hashing (Norouzi, Punjani, Fleet, "Fast Search in Hamming Space with
-- Multi-Index Hashing", CVPR 2012): the 256 bits are cut into 16 words of 16 bits (w0 = hex digits
-- 1–4 … w15 = digits 61–64). Two hashes within distance d differ in at most floor(d / 16) bits in
-- at least one word (pigeonhole: 16 words of 2 or more differing bits make 32 or more), so for the
-- match distance 31 a lookup probes each word's value and its 16 one-bit neighbours in that word's
-- index, then verifies each candidate's full distance (bit_count of the XOR).
CREATE TABLE pdq_hashes (
  owner_kind text NOT NULL CHECK (owner_kind IN ('image', 'hash_list')),
  -- An image's SHA-256 (images.sha256), or a hash-list entry's id: no foreign key, two owners.
  owner_id   text NOT NULL,
  -- 0: the whole picture (or a hash-list entry's one hash); 1 and up: crop variants.
  ordinal    smallint NOT NULL CHECK (ordinal >= 0),
  hash       bit(256) NOT NULL,
  w0  integer NOT NULL,
  w1  integer NOT NULL,
  w2  integer NOT NULL,
  w3  integer NOT NULL,
  w4  integer NOT NULL,
  w5  integer NOT NULL,
  w6  integer NOT NULL,
  w7  integer NOT NULL,
  w8  integer NOT NULL,
  w9  integer NOT NULL,
  w10 integer NOT NULL,
  w11 integer NOT NULL,
  w12 integer NOT NULL,
  w13 integer NOT NULL,
  w14 integer NOT NULL,
  w15 integer NOT NULL,
  PRIMARY KEY (owner_kind, owner_id, ordinal)
);
CREATE INDEX pdq_hashes_w0 ON pdq_hashes (w0);
CREATE INDEX pdq_hashes_w1 ON pdq_hashes (w1);
CREATE INDEX pdq_hashes_w2 ON pdq_hashes (w2);
CREATE INDEX pdq_hashes_w3 ON pdq_hashes (w3);
CREATE INDEX pdq_hashes_w4 ON pdq_hashes (w4);
CREATE INDEX pdq_hashes_w5 ON pdq_hashes (w5);
CREATE INDEX pdq_hashes_w6 ON pdq_hashes (w6);
CREATE INDEX pdq_hashes_w7 ON pdq_hashes (w7);
CREATE INDEX pdq_hashes_w8 ON pdq_hashes (w8);
CREATE INDEX pdq_hashes_w9 ON pdq_hashes (w9);
CREATE INDEX pdq_hashes_w10 ON pdq_hashes (w10);
CREATE INDEX pdq_hashes_w11 ON pdq_hashes (w11);
CREATE INDEX pdq_hashes_w12 ON pdq_hashes (w12);
CREATE INDEX pdq_hashes_w13 ON pdq_hashes (w13);
CREATE INDEX pdq_hashes_w14 ON pdq_hashes (w14);
CREATE INDEX pdq_hashes_w15 ON pdq_hashes (w15);
