import { useQuery } from '@tanstack/react-query';
import { api } from './api.ts';

/** Who is signed in on this browser (null: nobody), shared by every screen. */
export function useSession() {
  return useQuery({ queryKey: ['session'], queryFn: api.session, staleTime: 60_000 });
}
