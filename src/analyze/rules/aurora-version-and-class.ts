// An aurora store's engineVersion is written the way its engine numbers versions, and its instanceClass is one of
// the instance class types Aurora documents: RDS would refuse anything else at apply, after the other regions'
// resources were created.
//   Aurora MySQL: <mysql-major-version>.mysql_aurora.<major>.<minor>.<patch>, e.g. 8.0.mysql_aurora.3.05.2
//     https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraMySQL.Updates.Versions.html
//   Aurora PostgreSQL: <major>.<minor>, e.g. 16.4
//     https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/AuroraPostgreSQL.Updates.html
//   Instance class types: https://docs.aws.amazon.com/AmazonRDS/latest/AuroraUserGuide/Concepts.DBInstanceClass.SupportAurora.html
import type { Rule } from '../rule';

// The MySQL major version alone (5.7, 8.0) is let through: RDS documents the full form, and whether it picks a
// default for the short one is not something topoform can check here.
const MYSQL_VERSION = /^(5\.7|8\.[0-9])(\.mysql_aurora\.[0-9]+\.[0-9]+\.[0-9]+)?$/;
// Aurora PostgreSQL's majors start at 9 (9.6.x, then 10 and later as <major>.<minor>).
const isPostgresqlVersion = (v: string): boolean => /^[0-9]+(\.[0-9]+){0,2}$/.test(v) && Number(v.split('.')[0]) >= 9;

/** Instance class types Aurora supports (both engines, current generations), and the sizes a class comes in. */
export const AURORA_CLASS_TYPES: readonly string[] = ['r5', 'r6g', 'r6gd', 'r6i', 'r6id', 'r7g', 'r7i', 'r8g', 'r8gd', 'x2g', 't3', 't4g'];
const SIZE = /^(small|medium|large|[0-9]*xlarge)$/;

export const auroraVersionAndClass: Rule = {
  id: 'aurora-version-and-class',
  code: 'TOPO3063',
  severity: 'error',
  summary: "An aurora store's engineVersion is in its engine's format (aurora-mysql: 8.0.mysql_aurora.3.05.2, aurora-postgresql: 16.4) and its instanceClass is an Aurora instance class type (db.r5, db.r6g, db.r6i, db.r7g, db.r7i, db.r8g, db.x2g, db.t3, db.t4g and the Optimized Reads d types, or db.serverless).",
  check({ model }, report) {
    model.data.forEach((store, i) => {
      if (store.type !== 'aurora') return;
      const version = store.engineVersion;
      if (store.engine === 'aurora-mysql' && !MYSQL_VERSION.test(version)) {
        const other = isPostgresqlVersion(version) ? `; ${version} is how aurora-postgresql numbers its versions` : '';
        report(['data', i, 'engineVersion'], `engineVersion ${version} is not an Aurora MySQL version${other}`, 'Aurora MySQL versions read <mysql-major>.mysql_aurora.<aurora-version>, e.g. 8.0.mysql_aurora.3.05.2; or set engine: aurora-postgresql');
      } else if (store.engine === 'aurora-postgresql' && !isPostgresqlVersion(version)) {
        const other = MYSQL_VERSION.test(version) ? `; ${version} is an Aurora MySQL version` : '';
        report(['data', i, 'engineVersion'], `engineVersion ${version} is not an Aurora PostgreSQL version${other}`, 'Aurora PostgreSQL versions read <major>.<minor>, e.g. 16.4; or set engine: aurora-mysql');
      }
      const cls = store.instanceClass;
      if (cls === 'db.serverless') return;
      const m = /^db\.([a-z0-9]+)\.([a-z0-9]+)$/.exec(cls);
      if (!m || !AURORA_CLASS_TYPES.includes(m[1]!) || !SIZE.test(m[2]!)) {
        report(
          ['data', i, 'instanceClass'],
          `instanceClass ${cls} is not an Aurora DB instance class`,
          `Aurora's instance class types: db.serverless, ${AURORA_CLASS_TYPES.map((t) => `db.${t}`).join(', ')}, each in sizes such as large, xlarge, 2xlarge (e.g. db.r7g.large)`,
        );
      }
    });
  },
};
