import { Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { CommandDispatcher } from './command-dispatcher';

/** The CommandBus and the dispatcher every context's controllers use. */
@Module({
  imports: [CqrsModule],
  providers: [CommandDispatcher],
  exports: [CommandDispatcher, CqrsModule],
})
export class CommandsModule {}
