\set root random(32, 156)
-- a subtree of about 780 employees, five levels deep (the depth is known
-- here; a query for any depth would need a recursive function)
SELECT jsonb_build_object('name', e0.name, 'reports', COALESCE((SELECT jsonb_agg(jsonb_build_object('name', e1.name, 'reports', COALESCE((SELECT jsonb_agg(jsonb_build_object('name', e2.name, 'reports', COALESCE((SELECT jsonb_agg(jsonb_build_object('name', e3.name, 'reports', COALESCE((SELECT jsonb_agg(jsonb_build_object('name', e4.name, 'reports', COALESCE((SELECT jsonb_agg(jsonb_build_object('name', e5.name, 'reports', '[]'::jsonb) ORDER BY e5.id)
                        FROM employees e5 WHERE e5.manager_id = e4.id), '[]')) ORDER BY e4.id)
                    FROM employees e4 WHERE e4.manager_id = e3.id), '[]')) ORDER BY e3.id)
                FROM employees e3 WHERE e3.manager_id = e2.id), '[]')) ORDER BY e2.id)
            FROM employees e2 WHERE e2.manager_id = e1.id), '[]')) ORDER BY e1.id)
        FROM employees e1 WHERE e1.manager_id = e0.id), '[]'))
  FROM employees e0 WHERE e0.id = :root;
