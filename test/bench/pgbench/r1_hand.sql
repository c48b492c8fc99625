\set root random(7, 31)
WITH RECURSIVE c(id) AS (
    SELECT id FROM employees WHERE manager_id = :root
    UNION ALL
    SELECT e.id FROM employees e JOIN c ON e.manager_id = c.id
) CYCLE id SET is_cycle USING path
SELECT to_jsonb(e) FROM employees e WHERE e.id IN (SELECT id FROM c WHERE NOT is_cycle) ORDER BY e.id;
