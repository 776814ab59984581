import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A user account may be linked to an employee (an org-context record, EmployeeAssigned events) by
 * head office: the platform's tokens then carry the claim `employee_id`, and a sales consultant
 * logs that employee's own calls and visits. At most one account per employee, so one consultant's
 * activities cannot be logged from another person's account. Null: not linked.
 */
export class AddUserEmployeeId1765100000000 implements MigrationInterface {
  name = 'AddUserEmployeeId1765100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE users ADD COLUMN employee_id text CHECK (employee_id ~ '^[A-Za-z0-9._-]{1,64}$')`);
    await queryRunner.query(`CREATE UNIQUE INDEX users_employee_id_key ON users (employee_id) WHERE employee_id IS NOT NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX users_employee_id_key`);
    await queryRunner.query(`ALTER TABLE users DROP COLUMN employee_id`);
  }
}
