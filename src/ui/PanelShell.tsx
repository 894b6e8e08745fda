/**
 * The frame every app's panel shares: a section labelled by the app's title, the title and its
 * introduction, then the app's own cards. The section's test id is `<name>-panel` and the title's
 * id `<name>-title`, as the e2e tests expect.
 */
import type { ComponentProps, ReactNode } from 'react';

export interface PanelShellProps extends Omit<ComponentProps<'section'>, 'title'> {
  /** The app's route name (`classify`, `ask`, ...). */
  name: string;
  title: ReactNode;
  intro?: ReactNode;
  children: ReactNode;
}

export function PanelShell({ name, title, intro, className, children, ...section }: PanelShellProps) {
  return (
    <section {...section} className={className ? `panel ${className}` : 'panel'} aria-labelledby={`${name}-title`} data-testid={`${name}-panel`}>
      <div className="panel-head">
        <h1 id={`${name}-title`}>{title}</h1>
        {intro === undefined ? null : <p className="panel-intro">{intro}</p>}
      </div>
      {children}
    </section>
  );
}
