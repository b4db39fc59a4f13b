/*
 * Status notifications claimed by a replica before sending: the unique key on
 * the instance and the result the status changed from lets only one replica
 * send the notification of one transition.
 */

/**
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('directory_notification_claims', table => {
    table.comment('One row per status notification sent for an instance');
    table.bigIncrements('id').primary().comment('Insertion order');
    table
      .string('entity_ref', 255)
      .notNullable()
      .comment('The instance entity');
    table
      .string('from_checked_at', 32)
      .notNullable()
      .comment('checkedAt of the result the status changed from');
    table
      .string('status', 16)
      .notNullable()
      .comment('The status notified: ok, warning, error or unknown');
    table
      .string('claimed_at', 32)
      .notNullable()
      .comment('ISO 8601 time the notification was claimed');
    table.unique(['entity_ref', 'from_checked_at'], {
      indexName: 'directory_notification_claims_transition_uq',
    });
  });
};

/**
 * @param {import('knex').Knex} knex
 */
exports.down = async function down(knex) {
  await knex.schema.dropTable('directory_notification_claims');
};
