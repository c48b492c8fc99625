\set seed random(1, 1000000000)
SELECT * FROM rel_navigate_many('users',
    (SELECT array_agg((hashint4(:seed + g) & 2147483647) % :nusers + 1) FROM generate_series(1, 100) g),
    'kins');
