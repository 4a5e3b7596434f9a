-- Of the inbox files scanned now (_scan: path, signature), those not seen with this signature.
SELECT s.path FROM _scan s
WHERE NOT EXISTS (SELECT 1 FROM inbox_files f WHERE f.path = s.path AND f.signature = s.signature)
ORDER BY s.path;
