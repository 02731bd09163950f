// @ts-check

/**
 * One score per service, environment and UTC day: the day's latest score
 * (the history task upserts it on every run).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('eks_platform_scorecard_history', table => {
    table.comment(
      'Daily production-readiness score per service and environment',
    );
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('Entity ref of the service, e.g. component:default/checkout');
    table
      .string('environment', 63)
      .notNullable()
      .comment('Platform environment name, e.g. prod');
    table.string('day', 10).notNullable().comment('UTC day, YYYY-MM-DD');
    table.integer('score').notNullable().comment('0..100');
    table
      .timestamp('updated_at', { useTz: true })
      .notNullable()
      .comment('When the day score was last written');
    table.primary(['entity_ref', 'environment', 'day']);
    // Retention deletes and 30-day reads go by day.
    table.index(['day'], 'eks_platform_scorecard_history_day_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('eks_platform_scorecard_history');
};
