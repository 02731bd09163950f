// @ts-check

/**
 * The upgrade pull request of each service and target version, as the
 * portal opened it or the background refresh last found it on GitHub: the
 * fleet page reads this table, never GitHub, so 1,000 rows cost one query.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable(
    'eks_platform_template_upgrade_pull_requests',
    table => {
      table.comment(
        'Template-upgrade pull request per service and target version',
      );
      table
        .string('entity_ref', 255)
        .notNullable()
        .comment('Entity ref of the service, e.g. component:default/checkout');
      table
        .string('target_version', 32)
        .notNullable()
        .comment(
          'Template version the pull request moves to, MAJOR.MINOR.PATCH',
        );
      table
        .string('state', 16)
        .notNullable()
        .comment('none | open | merged | closed, as GitHub last said');
      table.integer('number').nullable().comment('Pull request number');
      table.string('url', 2048).nullable().comment('Pull request web URL');
      table
        .integer('conflicts')
        .nullable()
        .comment('Files left with conflict markers, when the portal opened it');
      table
        .timestamp('checked_at', { useTz: true })
        .notNullable()
        .comment('When GitHub last confirmed the state');
      table
        .timestamp('failed_at', { useTz: true })
        .nullable()
        .comment('Last refresh that failed since checked_at, if any');
      table.primary(['entity_ref', 'target_version']);
      // The refresh picks open rows, then the oldest checks.
      table.index(
        ['state', 'checked_at'],
        'eks_platform_upgrade_pulls_state_idx',
      );
    },
  );
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('eks_platform_template_upgrade_pull_requests');
};
