\set seed random(1, 1000000000)
SELECT k.user_id, to_jsonb(k)
  FROM (SELECT array_agg((hashint4(:seed + g) & 2147483647) % :nusers + 1) AS ids
          FROM generate_series(1, 100) g) a
  JOIN LATERAL (SELECT id, min(ord) AS ord
                  FROM unnest(a.ids) WITH ORDINALITY AS u(id, ord) GROUP BY id) u ON true
  JOIN kins k ON k.user_id = u.id
 WHERE k.user_id = ANY (a.ids)
 ORDER BY u.ord, k.id;
