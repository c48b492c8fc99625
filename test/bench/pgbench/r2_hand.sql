\set leaf random(20001, 100000)
WITH RECURSIVE c(id) AS (
    SELECT manager_id FROM employees WHERE id = :leaf AND manager_id IS NOT NULL
    UNION ALL
    SELECT e.manager_id FROM employees e JOIN c ON e.id = c.id WHERE e.manager_id IS NOT NULL
) CYCLE id SET is_cycle USING path
SELECT to_jsonb(e) FROM employees e WHERE e.id IN (SELECT id FROM c WHERE NOT is_cycle) ORDER BY e.id;
