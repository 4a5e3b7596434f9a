-- Remember the documents of one extraction batch (_extracted: doc_id, claims).
INSERT OR REPLACE INTO document_extractions (doc_id, extractor_version, claims, run_id, extracted_at)
SELECT doc_id, $extractor_version, claims, $run_id, $now FROM _extracted;
